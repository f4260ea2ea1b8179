import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '../functions/catalogue.ts';
import type { FunctionDefinition } from '../functions/platform/catalogue-types.ts';
import { bundle, bundleAll, type BundleResult } from './bundle.ts';
import { contentionNote, emptyTarget, emptyTargetId, timeImports, type ImportTarget, type ImportTiming } from './import-timing.ts';
import { describeComposition, timeAttribution } from './init-attribution.ts';
import { baselineKey, baselineLabel, baselineSource, sdkClientsOf, type SdkClientId } from './sdk-baseline.ts';
import { kib, median, ms, ratio, summaryLine, table } from './stats.ts';

/**
 * Benchmark 1: cold-start proxy of every function in the catalogue.
 * Bundle bytes and module init time of each function, against a bundle that only instantiates the
 * AWS SDK clients the function's resources need. Target: HTTP functions within 1.3x in init time.
 */

export const initTarget = 1.3;
const runs = Number(process.env.BENCH_COLD_RUNS ?? 20);
/** Below this a baseline is "no work at all" and a ratio against it says nothing. */
const meaningfulBaselineMs = 1;

interface FunctionResult {
  readonly definition: FunctionDefinition;
  readonly bundle: BundleResult;
  readonly baselineKey: string;
  timing: ImportTiming;
}

interface BaselineResult {
  readonly ids: SdkClientId[];
  readonly bundle: BundleResult;
  timing: ImportTiming;
}

const pending: ImportTiming = { initMs: NaN, cpuMs: NaN, importMs: NaN, iqrMs: NaN, samples: { wall: [], inProcess: [], cpu: [] } };

export async function runColdStart(workDir: string, options: { readonly explain: boolean }): Promise<void> {
  const dir = join(workDir, 'cold-start');
  mkdirSync(dir, { recursive: true });
  const definitions: readonly FunctionDefinition[] = catalogue;

  const started = performance.now();
  const baselineIds = new Map<string, SdkClientId[]>();
  for (const definition of definitions) baselineIds.set(baselineKey(sdkClientsOf(definition)), sdkClientsOf(definition));
  const [functionBundles, baselineBundles] = await Promise.all([
    bundleFunctions(definitions, join(dir, 'functions')),
    Promise.all([...baselineIds].map(([key, ids]) => bundle({ source: baselineSource(ids) }, join(dir, 'baselines', key, 'index.mjs')))),
  ]);
  const baselines = new Map<string, BaselineResult>([...baselineIds].map(([key, ids], i) => [key, { ids, bundle: baselineBundles[i]!, timing: pending }]));
  const bundled: FunctionResult[] = definitions.flatMap((definition) => {
    const built = functionBundles.get(definition.name);
    return built ? [{ definition, bundle: built, baselineKey: baselineKey(sdkClientsOf(definition)), timing: pending }] : [];
  });
  console.log(`cold-start: bundled ${bundled.length} functions and ${baselines.size} SDK-only baselines in ${ms(performance.now() - started)} ms (${dir})`);

  const targets: ImportTarget[] = [
    emptyTarget(dir),
    ...[...baselines].map(([key, b]) => ({ id: `baseline:${key}`, file: b.bundle.outfile })),
    ...bundled.map((r) => ({ id: r.definition.name, file: r.bundle.outfile })),
  ];
  console.log(`cold-start: timing ${targets.length} imports x ${runs} interleaved runs, one child process at a time...`);
  const timingStarted = performance.now();
  const run = await timeImports(targets, runs, (round, of) => {
    if (round % 5 === 0 || round === of) console.log(`cold-start:   round ${round}/${of}`);
  });
  for (const [id, message] of run.failures) console.log(`cold-start: FAIL ${id}: its bundle throws on import, not timed:\n${message}`);
  for (const [key, b] of baselines) {
    const timing = run.timings.get(`baseline:${key}`);
    if (!timing) throw new Error(`the SDK-only baseline ${key} does not import: ${run.failures.get(`baseline:${key}`)}`);
    b.timing = timing;
  }
  const results = bundled.filter((r) => run.timings.has(r.definition.name));
  for (const r of results) r.timing = run.timings.get(r.definition.name)!;
  const empty = run.timings.get(emptyTargetId)!;
  console.log(
    `cold-start: timed in ${ms((performance.now() - timingStarted) / 1000)} s; empty node start: median ${ms(median(empty.samples.wall))} ms wall, ${ms(median(empty.samples.cpu))} ms cpu`,
  );
  console.log(`cold-start: ${contentionNote(run)}`);

  const baselineOf = (r: FunctionResult) => baselines.get(r.baselineKey)!;
  const initRatio = (r: FunctionResult) => r.timing.initMs / Math.max(baselineOf(r).timing.initMs, meaningfulBaselineMs);
  const cpuRatio = (r: FunctionResult) => r.timing.cpuMs / Math.max(baselineOf(r).timing.cpuMs, meaningfulBaselineMs);
  const bytesRatio = (r: FunctionResult) => r.bundle.bytes / baselineOf(r).bundle.bytes;
  const isHttp = (r: FunctionResult) => r.definition.trigger.type === 'http';
  const passOrFail = (value: number) => (value <= initTarget ? 'PASS' : 'FAIL');
  const verdict = (r: FunctionResult): string => {
    if (!isHttp(r)) return 'n/a (not HTTP)';
    const wall = passOrFail(initRatio(r));
    const cpu = passOrFail(cpuRatio(r));
    const notes = [
      ...(cpu !== wall ? [`cpu ${cpu}`] : []),
      ...(baselineOf(r).timing.initMs < meaningfulBaselineMs ? ['baseline ~0 ms: no SDK clients'] : []),
    ];
    return `${wall}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  };

  console.log('\nBaselines (bundles that only import and instantiate SDK clients):');
  console.log(
    table(
      ['baseline', 'clients', 'bytes', 'init ms', 'iqr ms', 'cpu ms', 'import ms'],
      [...baselines].map(([key, b]) => [key, baselineLabel(b.ids), String(b.bundle.bytes), ms(b.timing.initMs), ms(b.timing.iqrMs), ms(b.timing.cpuMs), ms(b.timing.importMs)]),
    ),
  );
  console.log(
    `\nFunctions (init = median wall time of \`node -e "await import(bundle)"\` minus an empty node start, ${runs} runs; iqr = spread of those wall times;` +
      ` cpu = median child CPU time minus the empty one's; import = in-process import time; verdict on the init ratio, target <= ${initTarget} for HTTP functions):`,
  );
  console.log(
    table(
      ['function', 'trigger', 'bytes', 'size', 'bytes ratio', 'baseline', 'init ms', 'iqr ms', 'base ms', 'init ratio', 'cpu ms', 'cpu ratio', 'import ms', 'verdict'],
      results.map((r) => [
        r.definition.name,
        r.definition.trigger.type,
        String(r.bundle.bytes),
        kib(r.bundle.bytes),
        ratio(bytesRatio(r)),
        r.baselineKey,
        ms(r.timing.initMs),
        ms(r.timing.iqrMs),
        ms(baselineOf(r).timing.initMs),
        ratio(initRatio(r)),
        ms(r.timing.cpuMs),
        ratio(cpuRatio(r)),
        ms(r.timing.importMs),
        verdict(r),
      ]),
    ),
  );

  const http = results.filter(isHttp);
  const failing = http.filter((r) => initRatio(r) > initTarget);
  console.log(
    `\ncold-start: ${http.length - failing.length}/${http.length} HTTP functions within ${initTarget}x of their SDK-only baseline` +
      `${failing.length ? `; FAIL: ${failing.map((r) => r.definition.name).join(', ')}` : ''} (by cpu time: ${http.filter((r) => cpuRatio(r) <= initTarget).length}/${http.length} within)`,
  );

  if (failing.length > 0) {
    // Explain one representative miss: the create path if it failed, else the worst one.
    const chosen = failing.find((r) => r.definition.name === 'createServiceRequest') ?? [...failing].sort((a, b) => initRatio(b) - initRatio(a))[0]!;
    const explain = {
      workDir: dir,
      definition: chosen.definition,
      bundle: chosen.bundle,
      allBundles: results.map((r) => ({ definition: r.definition, bundle: r.bundle })),
      failingNames: failing.filter((r) => baselineOf(r).timing.initMs >= meaningfulBaselineMs).map((r) => r.definition.name),
    };
    describeComposition(explain);
    if (options.explain) await timeAttribution(explain);
    else console.log('cold-start: run `npm run bench -- cold-start --explain` to time where the init goes (import chain) and what candidate fixes would save');
  }

  console.log('');
  for (const r of results) {
    console.log(summaryLine(`init-${r.definition.name}`, ms(r.timing.initMs), 'ms', initRatio(r), 'sdk-clients-only'));
    console.log(summaryLine(`bundle-${r.definition.name}`, String(r.bundle.bytes), 'bytes', bytesRatio(r), 'sdk-clients-only'));
  }
}

/**
 * All functions in one esbuild run; if that fails (functions/ is edited by others while we run), each
 * on its own, so one broken entry is reported and the rest are still measured.
 */
async function bundleFunctions(definitions: readonly FunctionDefinition[], outdir: string): Promise<Map<string, BundleResult>> {
  try {
    return await bundleAll(definitions.map((d) => ({ name: d.name, entry: d.entry })), outdir);
  } catch {
    const bundles = new Map<string, BundleResult>();
    for (const d of definitions) {
      try {
        bundles.set(d.name, await bundle({ entry: d.entry }, join(outdir, d.name, 'index.mjs')));
      } catch (error) {
        console.log(`cold-start: FAIL ${d.name}: ${d.entry} does not bundle, not measured: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`);
      }
    }
    return bundles;
  }
}
