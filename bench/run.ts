import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup, runCleanup } from './cleanup.ts';
import { runColdStart } from './cold-start.ts';
import { runDuplicatePack } from './duplicate-pack.ts';
import { runEmailSend } from './email-send.ts';
import { runEmailsEndToEnd } from './emails-end-to-end.ts';
import { runLetterRender } from './letter-render.ts';
import { runLettersEndToEnd } from './letters-end-to-end.ts';
import { runPiiScan } from './pii-scan.ts';
import { runRequestOverhead } from './request-overhead.ts';
import { runThirdPartyLookup } from './third-party-lookup.ts';

/**
 * `npm run bench`: every benchmark, one after the other (never in parallel: they time things).
 * `npm run bench -- cold-start` runs only the named ones. Cold start: every function is bundled and
 * sized, a representative subset is timed (per area and SDK baseline, the largest HTTP bundle);
 * `--all` (or BENCH_COLD_ALL=1) times every function (~4x longer); `--explain` (or BENCH_EXPLAIN=1)
 * adds the timed init attribution, per area, when a function misses its target (~1-2 min more).
 * Bundles go to a temp dir, removed at the end unless BENCH_KEEP=1. Knobs: BENCH_COLD_RUNS (15),
 * BENCH_EXPLAIN_RUNS (11), BENCH_REQUEST_N (300), BENCH_REQUEST_WARMUP (30), BENCH_TP_COUNT (10000),
 * BENCH_TP_N (300), BENCH_LETTER_ROUNDS (6), BENCH_LETTER_COLD_RUNS (15), BENCH_PII_BODIES (400),
 * BENCH_PII_ROUNDS (25), BENCH_PII_WARMUP (5).
 */

const flags = ['--explain', '--all'];
const args = process.argv.slice(2);
const explain = args.includes('--explain') || process.env.BENCH_EXPLAIN === '1';
const all = args.includes('--all') || process.env.BENCH_COLD_ALL === '1';

const benchmarks: Record<string, (workDir: string) => Promise<void>> = {
  'cold-start': (workDir) => runColdStart(workDir, { explain, all }),
  'request-overhead': () => runRequestOverhead(),
  'third-party-lookup': (workDir) => runThirdPartyLookup(workDir),
  'letter-render': (workDir) => runLetterRender(workDir),
  'letters-end-to-end': (workDir) => runLettersEndToEnd(workDir),
  'email-send': (workDir) => runEmailSend(workDir),
  'emails-e2e': (workDir) => runEmailsEndToEnd(workDir),
  'duplicate-pack': (workDir) => runDuplicatePack(workDir),
  'pii-scan': () => runPiiScan(),
};

const wanted = args.filter((a) => !flags.includes(a));
const unknown = wanted.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(benchmarks).join(', ')}`);
  process.exit(2);
}
if (!process.version.startsWith('v24.')) console.warn(`bench: warning: running on node ${process.version}; Lambda runs node 24 (use npm run bench)`);

const workDir = mkdtempSync(join(tmpdir(), 'cms-bench-'));
const removeWorkDir = () => (process.env.BENCH_KEEP === '1' ? console.log(`bench: bundles kept in ${workDir}`) : rmSync(workDir, { recursive: true, force: true }));
onCleanup(removeWorkDir, removeWorkDir);

const started = performance.now();
let failed = false;
try {
  for (const name of wanted.length > 0 ? wanted : Object.keys(benchmarks)) {
    console.log(`\n=== ${name} ===`);
    const t = performance.now();
    await benchmarks[name]!(workDir);
    console.log(`=== ${name} done in ${((performance.now() - t) / 1000).toFixed(1)} s ===`);
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await runCleanup();
}
console.log(`\nbench: all done in ${((performance.now() - started) / 1000).toFixed(1)} s (node ${process.version}, ${process.arch})`);
// Missed targets are reported, not fatal; only a benchmark that could not run fails the command.
process.exit(failed ? 1 : 0);
