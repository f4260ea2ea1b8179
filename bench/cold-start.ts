import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { catalogue } from '../functions/catalogue.ts';
import type { FunctionDefinition } from '../functions/platform/catalogue-types.ts';
import { bundle, bundleAll, type BundleResult } from './bundle.ts';
import { contentionNote, emptyTarget, emptyTargetId, pairedRatio, timeImports, type ImportTarget, type ImportTiming } from './import-timing.ts';
import { describeComposition, timeAttribution } from './init-attribution.ts';
import { baselineKey, baselineLabel, baselineSource, sdkClientsOf, type SdkClientId } from './sdk-baseline.ts';
import { kib, median, ms, ratio, summaryLine, table } from './stats.ts';

/**
 * Benchmark 1: cold-start proxy of the functions in the catalogue.
 * Bundle bytes of every function, and module init time against a bundle that only instantiates the
 * AWS SDK clients the function's resources need. Target: HTTP functions within 1.3x in init time.
 *
 * Every function is bundled and its size reported. By default only a representative subset is timed:
 * for each area (functions/<area>/) and SDK baseline, the HTTP function with the largest bundle. The
 * functions of one area and baseline share everything but their handler and use case, and their
 * differences are smaller than the run-to-run noise of this box, so timing each one costs ~4x the time
 * and says little more; `--all` (BENCH_COLD_ALL=1) times every function, queue and schedule ones too.
 */

export const initTarget = 1.3;
/** Runs per timed import: enough for a stable median of the representatives; --all uses the same. */
const runs = Number(process.env.BENCH_COLD_RUNS ?? 15);
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

/** functions/<area>/... -> <area>; anything else -> its first directory. */
export const areaOf = (definition: FunctionDefinition): string => {
  const parts = definition.entry.split('/');
  return parts[0] === 'functions' && parts.length > 2 ? parts[1]! : parts[0]!;
};

/**
 * The functions timed by default: per area and SDK baseline, the HTTP function with the largest bundle
 * (the one carrying the most code of that area), so each HTTP function is represented by one that is at
 * least as big. Returns the chosen names and, for every other HTTP function, its representative.
 */
export function representatives(bundled: readonly { readonly definition: FunctionDefinition; readonly bundle: BundleResult }[]): {
  readonly timed: Set<string>;
  readonly representedBy: Map<string, string>;
} {
  const groups = new Map<string, { name: string; bytes: number }[]>();
  for (const { definition, bundle: b } of bundled) {
    if (definition.trigger.type !== 'http') continue;
    const key = `${areaOf(definition)}|${baselineKey(sdkClientsOf(definition))}`;
    groups.set(key, [...(groups.get(key) ?? []), { name: definition.name, bytes: b.bytes }]);
  }
  const timed = new Set<string>();
  const representedBy = new Map<string, string>();
  for (const members of groups.values()) {
    const chosen = [...members].sort((a, b) => b.bytes - a.bytes)[0]!.name;
    timed.add(chosen);
    for (const m of members) if (m.name !== chosen) representedBy.set(m.name, chosen);
  }
  return { timed, representedBy };
}

export async function runColdStart(workDir: string, options: { readonly explain: boolean; readonly all: boolean }): Promise<void> {
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

  const { timed, representedBy } = representatives(bundled);
  const toTime = options.all ? bundled : bundled.filter((r) => timed.has(r.definition.name));
  const neededBaselines = new Set(toTime.map((r) => r.baselineKey));
  if (!options.all) {
    console.log(
      `cold-start: timing ${toTime.length} representative HTTP functions (per area and SDK baseline, the largest bundle) of ${representedBy.size + timed.size};` +
        ' `npm run bench -- cold-start --all` times every function',
    );
  }
  const targets: ImportTarget[] = [
    emptyTarget(dir),
    ...[...baselines].filter(([key]) => neededBaselines.has(key)).map(([key, b]) => ({ id: `baseline:${key}`, file: b.bundle.outfile })),
    ...toTime.map((r) => ({ id: r.definition.name, file: r.bundle.outfile })),
  ];
  console.log(`cold-start: timing ${targets.length} imports x ${runs} interleaved runs, one child process at a time...`);
  const timingStarted = performance.now();
  const run = await timeImports(targets, runs, (round, of) => {
    if (round % 5 === 0 || round === of) console.log(`cold-start:   round ${round}/${of}`);
  });
  for (const [id, message] of run.failures) console.log(`cold-start: FAIL ${id}: its bundle throws on import, not timed:\n${message}`);
  for (const [key, b] of baselines) {
    if (!neededBaselines.has(key)) continue;
    const timing = run.timings.get(`baseline:${key}`);
    if (!timing) throw new Error(`the SDK-only baseline ${key} does not import: ${run.failures.get(`baseline:${key}`)}`);
    b.timing = timing;
  }
  const results = bundled.filter((r) => run.timings.has(r.definition.name));
  for (const r of results) r.timing = run.timings.get(r.definition.name)!;
  const untimed = bundled.filter((r) => !run.timings.has(r.definition.name) && !run.failures.has(r.definition.name));
  const empty = run.timings.get(emptyTargetId)!;
  console.log(
    `cold-start: timed in ${ms((performance.now() - timingStarted) / 1000)} s; empty node start: median ${ms(median(empty.samples.wall))} ms wall, ${ms(median(empty.samples.cpu))} ms cpu`,
  );
  console.log(`cold-start: ${contentionNote(run)}`);

  const baselineOf = (r: FunctionResult) => baselines.get(r.baselineKey)!;
  // Paired per round (see pairedRatio): far steadier than the ratio of the two medians shown beside it.
  const initRatio = (r: FunctionResult) => pairedRatio(run, r.definition.name, `baseline:${r.baselineKey}`, 'wall', meaningfulBaselineMs);
  const cpuRatio = (r: FunctionResult) => pairedRatio(run, r.definition.name, `baseline:${r.baselineKey}`, 'cpu', meaningfulBaselineMs);
  const bytesRatio = (r: FunctionResult) => r.bundle.bytes / baselineOf(r).bundle.bytes;
  const isHttp = (r: FunctionResult) => r.definition.trigger.type === 'http';
  const passOrFail = (value: number) => (value <= initTarget ? 'PASS' : 'FAIL');
  const verdict = (r: FunctionResult): string => {
    if (!isHttp(r)) return 'n/a (not HTTP)';
    const wall = passOrFail(initRatio(r));
    const cpu = passOrFail(cpuRatio(r));
    const notes = [
      ...(cpu !== wall ? [`cpu ${cpu}`] : []),
      ...(baselineOf(r).ids.length === 0 ? ['baseline ~0 ms: no SDK clients'] : []),
    ];
    return `${wall}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  };

  console.log('\nBaselines (bundles that only import and instantiate SDK clients):');
  console.log(
    table(
      ['baseline', 'clients', 'bytes', 'init ms', 'iqr ms', 'cpu ms', 'import ms'],
      [...baselines].map(([key, b]) => [
        key,
        baselineLabel(b.ids),
        String(b.bundle.bytes),
        ...(neededBaselines.has(key) ? [ms(b.timing.initMs), ms(b.timing.iqrMs), ms(b.timing.cpuMs), ms(b.timing.importMs)] : ['-', '-', '-', '-']),
      ]),
    ),
  );
  console.log(
    `\nFunctions (init = median wall time of \`node -e "await import(bundle)"\` minus an empty node start, ${runs} runs; iqr = spread of those wall times;` +
      ` cpu = median child CPU time minus the empty one's; import = in-process import time; the ratios are paired: the median over rounds of this round's` +
      ` init / this round's baseline init, so they need not equal init ms / base ms; verdict on the init ratio, target <= ${initTarget} for HTTP functions):`,
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
  if (untimed.length > 0) {
    console.log(`\nNot timed (run with --all to time them; an HTTP function is represented by the largest HTTP bundle of its area and baseline):`);
    console.log(
      table(
        ['function', 'trigger', 'bytes', 'size', 'bytes ratio', 'baseline', 'represented by'],
        untimed.map((r) => [
          r.definition.name,
          r.definition.trigger.type,
          String(r.bundle.bytes),
          kib(r.bundle.bytes),
          ratio(r.bundle.bytes / baselineOf(r).bundle.bytes),
          r.baselineKey,
          representedBy.get(r.definition.name) ?? '-',
        ]),
      ),
    );
  }

  const http = results.filter(isHttp);
  const failing = http.filter((r) => initRatio(r) > initTarget);
  const cpuFailing = http.filter((r) => cpuRatio(r) > initTarget);
  /** Ratios against the empty baseline (no SDK clients: ~0 ms) say nothing. */
  const withBaseline = (list: readonly FunctionResult[]) => list.filter((r) => baselineOf(r).ids.length > 0);
  console.log(
    `\ncold-start: ${http.length - failing.length}/${http.length} ${options.all ? '' : 'representative '}HTTP functions within ${initTarget}x of their SDK-only baseline` +
      `${failing.length ? `; FAIL: ${failing.map((r) => r.definition.name).join(', ')}` : ''} (by cpu time: ${http.length - cpuFailing.length}/${http.length} within` +
      `${cpuFailing.length ? `; FAIL: ${cpuFailing.map((r) => `${r.definition.name} ${ratio(cpuRatio(r))}`).join(', ')}` : ''})`,
  );
  const withSdk = withBaseline(http);
  if (withSdk.length > 0) {
    const cpuRatios = withSdk.map(cpuRatio).sort((a, b) => a - b);
    console.log(
      `cold-start: cpu ratio of the ${withSdk.length} timed HTTP functions with SDK clients: ${ratio(cpuRatios[0]!)} to ${ratio(cpuRatios[cpuRatios.length - 1]!)}, median ${ratio(median(cpuRatios))}` +
        ' (paired ratios repeat within about +-0.05 on a quiet box, more under load: trust the spread over an area more than one figure)',
    );
  }

  // Explain the misses that have an SDK baseline (a ratio against ~0 ms says nothing): per area, the
  // create path if it failed, else the worst one by cpu.
  const missing = withBaseline([...new Set([...failing, ...cpuFailing])]);
  if (missing.length > 0) {
    const byArea = new Map<string, FunctionResult[]>();
    for (const r of missing) byArea.set(areaOf(r.definition), [...(byArea.get(areaOf(r.definition)) ?? []), r]);
    const chosen = [...byArea.values()].map(
      (list) => list.find((r) => r.definition.name === 'createServiceRequest') ?? [...list].sort((a, b) => cpuRatio(b) - cpuRatio(a))[0]!,
    );
    const explain = {
      workDir: dir,
      chosen: chosen.map((r) => ({ definition: r.definition, bundle: r.bundle })),
      allBundles: bundled.map((r) => ({ definition: r.definition, bundle: r.bundle })),
      failingNames: missing.map((r) => r.definition.name),
    };
    describeComposition(explain);
    if (options.explain) await timeAttribution(explain);
    else console.log('cold-start: run `npm run bench -- cold-start --explain` to time where the init goes (import chain per area) and what candidate fixes would save');
  }

  console.log('');
  for (const r of bundled) {
    if (run.timings.has(r.definition.name)) console.log(summaryLine(`init-${r.definition.name}`, ms(r.timing.initMs), 'ms', initRatio(r), 'sdk-clients-only'));
    console.log(summaryLine(`bundle-${r.definition.name}`, String(r.bundle.bytes), 'bytes', bytesRatio(r), 'sdk-clients-only'));
  }
  for (const r of results) {
    if (isHttp(r)) console.log(summaryLine(`init-cpu-${r.definition.name}`, ms(r.timing.cpuMs), 'ms', cpuRatio(r), 'sdk-clients-only'));
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
