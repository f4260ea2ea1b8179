import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Metafile, Plugin } from 'esbuild';
import type { FunctionDefinition } from '../functions/platform/catalogue-types.ts';
import { bundle, repoRoot, type BundleResult } from './bundle.ts';
import { contentionNote, emptyTarget, importOnce, pairedRatio, timeImports, type ImportTarget, type ImportTiming } from './import-timing.ts';
import { baselineKey, baselineSource, sdkClientPackages, sdkClientsOf, type SdkClientId } from './sdk-baseline.ts';
import { kib, ms, ratio, table } from './stats.ts';

/**
 * Why does a function miss its init target? Run only when one does (3 and 4 only with --explain, as
 * they take another 1-2 minutes):
 *  1. bundle composition by package (esbuild metafile),
 *  2. SDK clients bundled without a matching catalogue resource,
 *  3. per area, a cumulative import chain (SDK baseline, + zod, + the platform HTTP wrapper, + the
 *     area's catalogue with every contract and schema, = the function) timed like the cold-start
 *     benchmark, giving each layer's marginal init cost,
 *  4. "what if" bundles of the same entry with source rewrites / stubs applied at bundle time (no file
 *     in functions/ is changed), to size concrete fixes.
 */

const runs = Number(process.env.BENCH_EXPLAIN_RUNS ?? 11);

export interface ExplainInput {
  readonly workDir: string;
  /** The functions to analyse (one per area). */
  readonly chosen: readonly { readonly definition: FunctionDefinition; readonly bundle: BundleResult }[];
  readonly allBundles: readonly { readonly definition: FunctionDefinition; readonly bundle: BundleResult }[];
  readonly failingNames: readonly string[];
}

/** node_modules/<pkg> (scoped aware) or the first two path segments of our own code. */
function groupOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = input.slice(at + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return input.split('/').slice(0, 2).join('/');
}

export function bytesByGroup(output: Metafile['outputs'][string]): [string, number][] {
  const groups = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    groups.set(groupOf(input), (groups.get(groupOf(input)) ?? 0) + bytesInOutput);
  }
  return [...groups].sort((a, b) => b[1] - a[1]);
}

const packagesIn = (b: BundleResult): Set<string> => new Set(Object.keys(b.output.inputs).map(groupOf));

const areaOf = (definition: FunctionDefinition): string => definition.entry.split('/')[1] ?? definition.entry;

const stubExports: Record<string, readonly string[]> = {
  '@aws-sdk/client-sqs': ['SQSClient', 'SendMessageCommand', 'SendMessageBatchCommand', 'ReceiveMessageCommand', 'DeleteMessageCommand'],
  '@aws-sdk/client-s3': ['S3Client', 'PutObjectCommand', 'GetObjectCommand', 'HeadObjectCommand'],
};

const stubPlugin = (name: string, stubs: Record<string, string>): Plugin => ({
  name,
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(stubs).map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: `stub-${name}` }));
    build.onLoad({ filter: /.*/, namespace: `stub-${name}` }, (args) => ({ contents: stubs[args.path] ?? '', loader: 'js' }));
  },
});

/**
 * Module-level `const x = <schema>.parse(<static data>)` in our sources (catalogue data validated when
 * the module loads). `mode` 'jitless' passes `{ jitless: true }` (same result, no `new Function` compile
 * of a fast path used once); 'skip' uses the data as it is (what validating it in a unit test instead
 * would give, if the schema adds no defaults). Files actually rewritten are collected in `touched`.
 */
const initParsePattern = /^((?:export )?const \w+(?:\s*:\s*[^=\n]+)?\s*=\s*)(.+?)\.parse\((.+)\);[ \t]*$/gm;
const initParsePlugin = (mode: 'jitless' | 'skip', touched: Set<string>): Plugin => ({
  name: `init-parse-${mode}`,
  setup(build) {
    build.onLoad({ filter: /[\\/]functions[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const rewritten = source.replace(initParsePattern, (_match, head: string, schema: string, data: string) => {
        touched.add(relative(repoRoot, args.path));
        return mode === 'jitless' ? `${head}${schema}.parse(${data}, { jitless: true });` : `${head}(${data}) as never;`;
      });
      return rewritten === source ? undefined : { contents: rewritten, loader: 'ts' };
    });
  },
});

/**
 * A stand-in for Powertools Logger that does real work (a small structured JSON logger with the Lambda
 * context, as a replacement would), so the what-if sizes a replacement rather than "no logger at all".
 */
const tinyLogger = {
  '@aws-lambda-powertools/logger': `
const levels = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 };
export class Logger {
  #service; #level; #context = {}; #keys = {};
  constructor(options = {}) { this.#service = options.serviceName ?? process.env.POWERTOOLS_SERVICE_NAME ?? 'service'; this.#level = levels[(options.logLevel ?? process.env.LOG_LEVEL ?? 'INFO').toUpperCase()] ?? 12; }
  addContext(c) { this.#context = { function_name: c.functionName, function_request_id: c.awsRequestId, cold_start: Logger.cold, function_memory_size: Number(c.memoryLimitInMB) }; Logger.cold = false; }
  appendKeys(k) { Object.assign(this.#keys, k); }
  resetKeys() { this.#keys = {}; }
  #log(level, message, fields) { if (levels[level] < this.#level) return; process.stdout.write(JSON.stringify({ level, message, timestamp: new Date().toISOString(), service: this.#service, ...this.#context, ...this.#keys, ...fields }) + '\\n'); }
  debug(m, f) { this.#log('DEBUG', m, f); } info(m, f) { this.#log('INFO', m, f); } warn(m, f) { this.#log('WARN', m, f); } error(m, f) { this.#log('ERROR', m, f); } critical(m, f) { this.#log('CRITICAL', m, f); }
}
Logger.cold = true;`,
  '@aws-lambda-powertools/logger/middleware': `export const injectLambdaContext = (logger, options) => ({ before: (request) => { logger.addContext(request.context); }, after: () => { if (options?.resetKeys) logger.resetKeys(); }, onError: () => { if (options?.resetKeys) logger.resetKeys(); } });`,
};

/** What a handler would carry if API Gateway's JWT authorizer verified the token instead of the function. */
const joseStub = {
  jose: 'export const jwtVerify = async () => ({ payload: {} }); export const createLocalJWKSet = () => () => undefined; export const createRemoteJWKSet = () => () => undefined;',
};

/** Cheap (metafile only): what the bundles are made of. */
export function describeComposition(input: ExplainInput): void {
  const names = input.chosen.map((c) => c.definition.name);
  console.log(`\ncold-start: ${input.failingNames.length} timed HTTP function(s) with an SDK baseline miss the target; analysing ${names.join(', ')} (one per area)`);

  // 1. Composition, one column per analysed function.
  const groups = input.chosen.map((c) => new Map(bytesByGroup(c.bundle.output)));
  const top = [...new Set(input.chosen.flatMap((c) => bytesByGroup(c.bundle.output).slice(0, 12).map(([g]) => g)))];
  top.sort((a, b) => (groups[0]!.get(b) ?? 0) - (groups[0]!.get(a) ?? 0));
  console.log('\nBundle composition (bytes in output by package; top 12 of each):');
  console.log(
    table(
      ['package', ...names],
      [...top.map((g) => [g, ...groups.map((m) => String(m.get(g) ?? 0))]), ['= bundle', ...input.chosen.map((c) => `${c.bundle.bytes} (${kib(c.bundle.bytes)})`)]],
    ),
  );

  // 2. SDK clients without a resource.
  const unneeded = new Map<string, string[]>();
  for (const { definition: d, bundle: b } of input.allBundles) {
    const present = packagesIn(b);
    const needed = new Set(sdkClientsOf(d).map((id) => sdkClientPackages[id]));
    for (const pkg of Object.values(sdkClientPackages)) {
      if (present.has(pkg) && !needed.has(pkg)) unneeded.set(pkg, [...(unneeded.get(pkg) ?? []), d.name]);
    }
  }
  for (const [pkg, list] of unneeded) {
    console.log(`cold-start: ${pkg} is bundled into ${list.length} function(s) whose catalogue entry has no such resource: ${list.join(', ')}`);
  }
  if (unneeded.size === 0) console.log('cold-start: no bundle carries an SDK client its catalogue resources do not call for (unused ones are tree-shaken)');
  const http = input.allBundles.filter((b) => b.definition.trigger.type === 'http');
  const contractFiles = [...new Set(http.flatMap((b) => Object.keys(b.bundle.output.inputs).filter((f) => /contracts\.ts$/.test(f))))];
  const withAll = http.filter((b) => contractFiles.every((f) => f in b.bundle.output.inputs));
  console.log(`cold-start: ${withAll.length}/${http.length} HTTP bundles include every area's route contracts (${contractFiles.length} contract modules in all)`);
}

interface Variant {
  readonly id: string;
  readonly label: string;
  readonly bytes: number;
  readonly file: string;
}

/** Costly (~25 imports x BENCH_EXPLAIN_RUNS child processes): where the init time goes, and what fixes would save. */
export async function timeAttribution(input: ExplainInput): Promise<void> {
  const dir = join(input.workDir, 'explain');
  const chains = new Map<string, Variant>();
  /** Bundles an inline chain stage once, however many functions share it. */
  const chainStage = async (label: string, source: string): Promise<Variant> => {
    const known = chains.get(source);
    if (known) return known;
    const id = `chain-${chains.size}`;
    const built = await bundle({ source }, join(dir, id, 'index.mjs'));
    const variant = { id, label, bytes: built.bytes, file: built.outfile };
    chains.set(source, variant);
    return variant;
  };

  const perFunction: { name: string; chain: Variant[]; whatIfs: Variant[]; rewritten: Set<string> }[] = [];
  for (const { definition, bundle: asIs } of input.chosen) {
    const ids: SdkClientId[] = sdkClientsOf(definition);
    const area = areaOf(definition);
    const base = baselineSource(ids).replace(/export const handler.*$/m, '');
    const layers = [
      { label: `baseline: SDK clients of the resources (${baselineKey(ids)})`, imports: '', keep: [] as string[] },
      { label: "+ zod (import * as z, one small schema)", imports: "import * as z from 'zod';\nconst zProbe = z.object({ a: z.string() });", keep: ['zProbe'] },
      { label: '+ platform HTTP wrapper (jose, Powertools Logger, middy)', imports: "import { httpHandler } from './functions/platform/http-handler.ts';", keep: ['httpHandler'] },
      { label: `+ functions/${area}/functions.ts (every contract and schema of the area)`, imports: `import * as areaCatalogue from './functions/${area}/functions.ts';`, keep: ['areaCatalogue'] },
    ];
    const chain: Variant[] = [];
    for (let i = 0; i < layers.length; i++) {
      const upTo = layers.slice(0, i + 1);
      const source = `${base}\n${upTo.map((l) => l.imports).join('\n')}\nexport const keep = [clients, ${upTo.flatMap((l) => l.keep).join(', ')}];\n`;
      chain.push(await chainStage(layers[i]!.label, source));
    }
    chain.push({ id: `function:${definition.name}`, label: `= ${definition.name}`, bytes: asIs.bytes, file: asIs.outfile });

    const present = packagesIn(asIs);
    const extraClients = (Object.entries(sdkClientPackages) as [SdkClientId, string][]).filter(([id, pkg]) => present.has(pkg) && !ids.includes(id));
    const extraStubs = Object.fromEntries(
      extraClients
        .map(([, pkg]) => pkg)
        .filter((pkg) => stubExports[pkg])
        .map((pkg) => [pkg, stubExports[pkg]!.map((n) => `export class ${n} {}`).join('\n')]),
    );
    const rewritten = new Set<string>();
    const noParse = initParsePlugin('skip', rewritten);
    const whatIfSpecs: { label: string; plugins: Plugin[] }[] = [
      { label: 'what-if: init-time .parse() of static data with { jitless: true }', plugins: [initParsePlugin('jitless', new Set())] },
      { label: 'what-if: no init-time .parse() of static data (validated in a test instead)', plugins: [noParse] },
      { label: 'what-if: above + a small JSON logger instead of Powertools Logger', plugins: [noParse, stubPlugin('logger', tinyLogger)] },
      { label: 'what-if: above + no jose (JWT checked by API Gateway)', plugins: [noParse, stubPlugin('logger', tinyLogger), stubPlugin('jose', joseStub)] },
      ...(extraClients.length
        ? [{ label: `what-if: only without ${extraClients.map(([, p]) => p).join(', ')} (no resource for it)`, plugins: [stubPlugin('sdk', extraStubs)] }]
        : []),
    ];
    const whatIfs: Variant[] = [];
    for (const [i, w] of whatIfSpecs.entries()) {
      try {
        const built = await bundle({ entry: definition.entry }, join(dir, `${definition.name}-what-if-${i}`, 'index.mjs'), w.plugins);
        await importOnce(built.outfile);
        whatIfs.push({ id: `what-if:${definition.name}:${i}`, label: w.label, bytes: built.bytes, file: built.outfile });
      } catch (error) {
        console.log(`cold-start: ${definition.name}: ${w.label} skipped: it does not bundle or import (${(error as Error).message.split('\n').slice(-1)[0]})`);
      }
    }
    perFunction.push({ name: definition.name, chain, whatIfs, rewritten });
  }

  const targets: ImportTarget[] = [
    emptyTarget(dir),
    ...[...chains.values()].map((v) => ({ id: v.id, file: v.file })),
    ...perFunction.flatMap((f) => [f.chain[f.chain.length - 1]!, ...f.whatIfs].map((v) => ({ id: v.id, file: v.file }))),
  ];
  console.log(`\ncold-start: timing the import chains and what-ifs (${targets.length} imports x ${runs} runs)...`);
  const run = await timeImports(targets, runs);
  console.log(`cold-start: ${contentionNote(run)}`);
  const t = (id: string): ImportTiming | undefined => run.timings.get(id);
  for (const [id, message] of run.failures) console.log(`cold-start: ${id} does not import: ${message.split('\n')[0]}`);

  for (const f of perFunction) {
    const baseId = f.chain[0]!.id;
    const asIsId = f.chain[f.chain.length - 1]!.id;
    const base = t(baseId);
    const asIs = t(asIsId);
    if (!base || !asIs) continue;
    // Paired per round (see pairedRatio); "marginal" / "saves" are differences of those ratios, in % of the baseline.
    const wall = (id: string) => pairedRatio(run, id, baseId, 'wall');
    const cpu = (id: string) => pairedRatio(run, id, baseId, 'cpu');
    const pct = (delta: number) => `${delta >= 0 ? '+' : ''}${(100 * delta).toFixed(0)}%`;
    console.log(
      `\nCumulative import chain of ${f.name} (ratios paired per round against the first row; marginal = this row minus the row above, in % of the baseline;` +
        ` cpu is the steadier column; ${runs} runs):`,
    );
    console.log(
      table(
        ['stage', 'bytes', 'init ms', 'ratio', 'marginal', 'cpu ms', 'cpu ratio', 'marginal cpu'],
        f.chain.map((row, i) => {
          const now = t(row.id);
          if (!now) return [row.label, String(row.bytes), '-', '-', '-', '-', '-', '-'];
          const previous = i === 0 ? undefined : f.chain[i - 1]!.id;
          return [
            row.label,
            String(row.bytes),
            ms(now.initMs),
            ratio(wall(row.id)),
            previous ? pct(wall(row.id) - wall(previous)) : '',
            ms(now.cpuMs),
            ratio(cpu(row.id)),
            previous ? pct(cpu(row.id) - cpu(previous)) : '',
          ];
        }),
      ),
    );
    console.log(
      `What-ifs for ${f.name} (bundle-time rewrites only; functions/ untouched${f.rewritten.size ? `; init-time parse found in ${[...f.rewritten].join(', ')}` : '; no init-time parse found'}).` +
        ` As is: ${ms(asIs.initMs)} ms (cpu ${ms(asIs.cpuMs)}) = ratio ${ratio(wall(asIsId))} (cpu ${ratio(cpu(asIsId))}):`,
    );
    console.log(
      table(
        ['variant', 'bytes', 'init ms', 'ratio', 'saves', 'cpu ms', 'cpu ratio', 'saves cpu'],
        f.whatIfs.flatMap((w) => {
          const v = t(w.id);
          if (!v) return [];
          return [[w.label, String(w.bytes), ms(v.initMs), ratio(wall(w.id)), pct(wall(asIsId) - wall(w.id)), ms(v.cpuMs), ratio(cpu(w.id)), pct(cpu(asIsId) - cpu(w.id))]];
        }),
      ),
    );
  }
}
