import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, percentile } from './stats.ts';

/**
 * Cold-start proxy: the time a fresh `node` process takes to import a bundle, minus the time it takes
 * to import an empty module (an "empty node start" run with exactly the same command line).
 *
 * Runs are strictly one at a time (a 2-core machine has no spare core for a second child) and
 * interleaved: every round runs every target once, in an order rotated (and reversed on odd rounds)
 * so no target always follows the same neighbour or sits at the same place in the round.
 *
 * Each child also reports its own CPU time (user + system, all threads, from process start to the end
 * of the import). Wall time is what a cold start costs, but on a busy 2-core box it mostly measures
 * the other processes; CPU time is far less disturbed by them, so it is reported alongside.
 */

export interface ImportTarget {
  readonly id: string;
  readonly file: string;
}

export interface ImportSamples {
  /** Parent-side wall clock from spawn to exit, ms. */
  readonly wall: number[];
  /** `performance.now()` around the dynamic import inside the child, ms. */
  readonly inProcess: number[];
  /** CPU time of the whole child up to the end of the import, ms. */
  readonly cpu: number[];
}

export interface ImportTiming {
  /** Median wall clock minus the median wall clock of the empty module: the cold-start proxy. */
  readonly initMs: number;
  /** Median in-process import time (cross-check, free of spawn/exit noise). */
  readonly importMs: number;
  /** Median CPU time minus that of the empty module: the contention-resistant cross-check. */
  readonly cpuMs: number;
  /** Interquartile range of the wall clock samples, ms: how noisy this target was. */
  readonly iqrMs: number;
  readonly samples: ImportSamples;
}

export interface ImportRun {
  readonly timings: Map<string, ImportTiming>;
  /** Targets whose import threw, with the error; they have no timing. */
  readonly failures: Map<string, string>;
  /** Median 1-minute load average over the rounds: above `cores`, other work competed with the runs. */
  readonly loadAverage: number;
  readonly cores: number;
}

/**
 * How many times the baseline's init a target's init is: the median over rounds of
 * (target - empty) / (baseline - empty), all three from the same round. Runs are interleaved, so a
 * round takes a few seconds; the box's speed drifts over a run (other VMs, other processes) and a
 * ratio of two medians taken over the whole run keeps that drift (+-0.1 between repeated runs here),
 * while the per-round ratio cancels it (+-0.03). Baselines under `floorMs` are floored (no SDK clients).
 */
export function pairedRatio(run: ImportRun, id: string, baselineId: string, metric: 'wall' | 'cpu', floorMs = 1): number {
  const pick = (target: string) => run.timings.get(target)?.samples[metric];
  const target = pick(id);
  const baseline = pick(baselineId);
  const empty = pick(emptyTargetId);
  if (!target || !baseline || !empty) return NaN;
  const rounds = Math.min(target.length, baseline.length, empty.length);
  const ratios = Array.from({ length: rounds }, (_, i) => (target[i]! - empty[i]!) / Math.max(baseline[i]! - empty[i]!, floorMs));
  return rounds > 0 ? median(ratios) : NaN;
}

/** One line saying whether the box was busy while timing, and what that means for the figures. */
export const contentionNote = (run: ImportRun): string =>
  run.loadAverage > run.cores * 0.75
    ? `WARNING: load average ~${run.loadAverage.toFixed(1)} on ${run.cores} cores while timing: other processes competed, wall-clock figures are inflated and noisy; the cpu columns are the steadier guide`
    : `load average ~${run.loadAverage.toFixed(1)} on ${run.cores} cores while timing (quiet enough)`;

export const emptyTargetId = '(empty node start)';

/** Lambda-like environment for the children; nothing inherited that could change how node runs. */
const childEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '/tmp',
  TZ: 'UTC',
  LANG: 'C.UTF-8',
  AWS_REGION: 'eu-west-2',
  AWS_DEFAULT_REGION: 'eu-west-2',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
});

interface Sample {
  readonly wall: number;
  readonly inProcess: number;
  readonly cpu: number;
}

export function importOnce(file: string): Promise<Sample> {
  const url = pathToFileURL(file).href;
  const code = [
    'const t = performance.now();',
    `await import(${JSON.stringify(url)});`,
    'const imported = performance.now() - t;',
    'const { user, system } = process.cpuUsage();',
    'process.stdout.write(JSON.stringify({ inProcess: imported, cpu: (user + system) / 1000 }));',
    // Leave at once (stdout is a pipe: written synchronously on Linux): exit work is not init work.
    'process.exit(0);',
  ].join(' ');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e6;
      let reported: { inProcess?: unknown; cpu?: unknown } = {};
      try {
        reported = JSON.parse(out) as typeof reported;
      } catch {
        // reported below
      }
      const { inProcess, cpu } = reported;
      if (code !== 0 || typeof inProcess !== 'number' || typeof cpu !== 'number') reject(new Error(`importing ${file} failed (exit ${code}): ${lastLines(err)}`));
      else resolve({ wall, inProcess, cpu });
    });
  });
}

/** The end of a child's stderr: minified bundles print a huge source line before the actual error. */
const lastLines = (text: string): string =>
  text
    .split('\n')
    .filter((l) => l.trim() && l.length < 500)
    .slice(-8)
    .join('\n');

/** Writes the empty module the baseline "empty node start" imports. */
export function emptyTarget(dir: string): ImportTarget {
  const file = join(dir, 'empty.mjs');
  writeFileSync(file, '');
  return { id: emptyTargetId, file };
}

/**
 * Times every target `runs` times (after reading every file once, so none pays for a cold page cache)
 * and returns init times relative to the empty target, which must be among `targets`.
 */
export async function timeImports(
  targets: readonly ImportTarget[],
  runs: number,
  progress?: (round: number, of: number) => void,
): Promise<ImportRun> {
  if (!targets.some((t) => t.id === emptyTargetId)) throw new Error('timeImports needs the empty target');
  const samples = new Map<string, ImportSamples>(targets.map((t) => [t.id, { wall: [], inProcess: [], cpu: [] }]));
  const load: number[] = [];
  const failures = new Map<string, string>();
  for (const target of targets) readFileSync(target.file);
  for (let round = 0; round < runs; round++) {
    const shift = round % targets.length;
    const rotated = [...targets.slice(shift), ...targets.slice(0, shift)];
    for (const target of round % 2 === 0 ? rotated : rotated.reverse()) {
      if (failures.has(target.id)) continue;
      let sample: Sample;
      try {
        sample = await importOnce(target.file);
      } catch (error) {
        // A bundle that throws on import is reported, not fatal: the others are still worth timing.
        if (target.id === emptyTargetId) throw error;
        failures.set(target.id, (error as Error).message);
        continue;
      }
      const s = samples.get(target.id)!;
      s.wall.push(sample.wall);
      s.inProcess.push(sample.inProcess);
      s.cpu.push(sample.cpu);
    }
    load.push(loadavg()[0]!);
    progress?.(round + 1, runs);
  }
  const emptyWall = median(samples.get(emptyTargetId)!.wall);
  const emptyImport = median(samples.get(emptyTargetId)!.inProcess);
  const emptyCpu = median(samples.get(emptyTargetId)!.cpu);
  const timings = new Map(
    [...samples].filter(([id]) => !failures.has(id)).map(([id, s]) => [
      id,
      {
        initMs: median(s.wall) - emptyWall,
        cpuMs: median(s.cpu) - emptyCpu,
        iqrMs: percentile(s.wall, 75) - percentile(s.wall, 25),
        importMs: median(s.inProcess) - (id === emptyTargetId ? 0 : emptyImport),
        samples: s,
      },
    ]),
  );
  return { timings, failures, loadAverage: median(load), cores: availableParallelism() };
}
