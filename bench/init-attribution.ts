import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Metafile, Plugin } from 'esbuild';
import type { FunctionDefinition } from '../functions/platform/catalogue-types.ts';
import { bundle, type BundleResult } from './bundle.ts';
import { contentionNote, emptyTarget, importOnce, timeImports, type ImportTarget } from './import-timing.ts';
import { baselineSource, sdkClientPackages, sdkClientsOf, type SdkClientId } from './sdk-baseline.ts';
import { kib, ms, ratio, table } from './stats.ts';

/**
 * Why does a function miss its init target? Run only when one does (3 and 4 only with --explain, as
 * they take another ~20 s):
 *  1. bundle composition by package (esbuild metafile),
 *  2. SDK clients bundled without a matching catalogue resource, and route contracts every bundle carries,
 *  3. a cumulative import chain (baseline, + each dependency group, = the function) timed like the
 *     cold-start benchmark, giving each group's marginal init cost,
 *  4. "what if" bundles of the same entry with source rewrites / stubs applied at bundle time (no file
 *     in functions/ is changed), to size concrete fixes.
 */

const runs = Number(process.env.BENCH_EXPLAIN_RUNS ?? 9);

export interface ExplainInput {
  readonly workDir: string;
  readonly definition: FunctionDefinition;
  readonly bundle: BundleResult;
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

/** A piece of the cumulative chain: imports plus the identifiers to keep alive. */
interface Stage {
  readonly label: string;
  readonly imports: string;
  readonly keep: readonly string[];
}

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

/** `import { z } from 'zod'` -> `import * as z from 'zod'` in our sources, so esbuild can drop unused zod (locales etc.). */
const zodNamespacePlugin: Plugin = {
  name: 'zod-namespace-import',
  setup(build) {
    build.onLoad({ filter: /[\\/]functions[\\/].*\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(/import \{ z \} from 'zod';/g, "import * as z from 'zod';"),
      loader: 'ts',
    }));
  },
};

const loggerStub = {
  '@aws-lambda-powertools/logger':
    'export class Logger { constructor() {} info() {} warn() {} error() {} debug() {} critical() {} addContext() {} appendKeys() {} removeKeys() {} resetKeys() {} }',
  '@aws-lambda-powertools/logger/middleware': 'export const injectLambdaContext = () => ({ before: () => {} });',
};

/** What a handler would carry if API Gateway's JWT authorizer verified the token instead of the function. */
const joseStub = {
  jose: 'export const jwtVerify = async () => ({ payload: {} }); export const createLocalJWKSet = () => () => undefined; export const createRemoteJWKSet = () => () => undefined;',
};

/** Cheap (metafile only): what the bundle is made of. */
export function describeComposition(input: ExplainInput): void {
  const { definition } = input;
  console.log(`\ncold-start: ${input.failingNames.length} HTTP function(s) with an SDK baseline miss the target; analysing ${definition.name}`);

  // 1. Composition.
  const groups = bytesByGroup(input.bundle.output);
  const total = input.bundle.bytes;
  console.log(`\nBundle composition of ${definition.name} (${kib(total)}; bytes in output by package, top 12):`);
  console.log(table(['package', 'bytes', 'share'], groups.slice(0, 12).map(([g, b]) => [g, String(b), `${((100 * b) / total).toFixed(1)}%`])));

  // 2. SDK clients without a resource; route contracts carried by every HTTP bundle.
  const unneeded = new Map<string, string[]>();
  for (const { definition: d, bundle: b } of input.allBundles) {
    const present = packagesIn(b);
    const needed = new Set(sdkClientsOf(d).map((id) => sdkClientPackages[id]));
    for (const pkg of Object.values(sdkClientPackages)) {
      if (present.has(pkg) && !needed.has(pkg)) unneeded.set(pkg, [...(unneeded.get(pkg) ?? []), d.name]);
    }
  }
  for (const [pkg, names] of unneeded) {
    console.log(`cold-start: ${pkg} is bundled into ${names.length} function(s) whose catalogue entry has no such resource: ${names.join(', ')}`);
  }
  if (unneeded.size === 0) console.log('cold-start: no bundle carries an SDK client its catalogue resources do not call for (unused ones are tree-shaken)');
  const http = input.allBundles.filter((b) => b.definition.trigger.type === 'http');
  const contractFiles = [...new Set(http.flatMap((b) => Object.keys(b.bundle.output.inputs).filter((f) => /contracts\.ts$/.test(f))))];
  const withAll = http.filter((b) => contractFiles.every((f) => f in b.bundle.output.inputs));
  console.log(`cold-start: ${withAll.length}/${http.length} HTTP bundles include every route contract module (${contractFiles.join(', ')}) via functions/catalogue.ts`);
}

/** Costly (about 10 imports x BENCH_EXPLAIN_RUNS child processes): where the init time goes, and what fixes would save. */
export async function timeAttribution(input: ExplainInput): Promise<void> {
  const { definition, workDir } = input;
  const dir = join(workDir, 'explain');
  const ids: SdkClientId[] = sdkClientsOf(definition);
  const present = packagesIn(input.bundle);
  const extraClients = (Object.entries(sdkClientPackages) as [SdkClientId, string][]).filter(([id, pkg]) => present.has(pkg) && !ids.includes(id));
  const extraClass: Record<SdkClientId, string> = { dynamodb: 'DynamoDBClient', sqs: 'SQSClient', s3: 'S3Client' };
  const stages: Stage[] = [
    { label: `baseline: SDK clients of the resources (${ids.join('+') || 'none'})`, imports: baselineSource(ids).replace(/export const handler.*$/m, ''), keep: ['clients'] },
    ...extraClients.map(([id, pkg]) => ({ label: `+ ${pkg} (imported, no resource)`, imports: `import { ${extraClass[id]} } from '${pkg}';`, keep: [extraClass[id]] })),
    { label: '+ jose', imports: "import { jwtVerify, createLocalJWKSet, createRemoteJWKSet } from 'jose';", keep: ['jwtVerify', 'createLocalJWKSet', 'createRemoteJWKSet'] },
    {
      label: '+ Powertools Logger + middy',
      imports: "import { Logger } from '@aws-lambda-powertools/logger';\nimport { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';\nimport middy from '@middy/core';\nconst logger = new Logger({ serviceName: 'bench' });",
      keep: ['logger', 'injectLambdaContext', 'middy'],
    },
    { label: "+ zod (import { z } from 'zod')", imports: "import { z } from 'zod';", keep: ['z'] },
    { label: '+ functions/catalogue.ts (every route contract)', imports: "import { catalogue } from './functions/catalogue.ts';", keep: ['catalogue'] },
  ];
  const chainSources = stages.map((_, i) => {
    const upTo = stages.slice(0, i + 1);
    return `${upTo.map((s) => s.imports).join('\n')}\nexport const keep = [${upTo.flatMap((s) => s.keep).join(', ')}];\n`;
  });
  const chainBundles = await Promise.all(chainSources.map((source, i) => bundle({ source }, join(dir, `chain-${i}`, 'index.mjs'))));

  const extraStubs = Object.fromEntries(
    extraClients
      .map(([, pkg]) => pkg)
      .filter((pkg) => stubExports[pkg])
      .map((pkg) => [pkg, stubExports[pkg]!.map((n) => `export class ${n} {}`).join('\n')]),
  );
  const whatIfs: { label: string; plugins: Plugin[] }[] = [
    { label: "what-if: import * as z from 'zod' (instead of { z })", plugins: [zodNamespacePlugin] },
    ...(extraClients.length ? [{ label: `what-if: without ${extraClients.map(([, p]) => p).join(', ')}`, plugins: [stubPlugin('sdk', extraStubs)] }] : []),
    ...(extraClients.length ? [{ label: 'what-if: both of the above', plugins: [zodNamespacePlugin, stubPlugin('sdk', extraStubs)] }] : []),
    {
      label: 'what-if: above + no Powertools Logger (stub)',
      plugins: [zodNamespacePlugin, ...(extraClients.length ? [stubPlugin('sdk', extraStubs)] : []), stubPlugin('logger', loggerStub)],
    },
    {
      label: 'what-if: above + no jose (JWT checked by API Gateway)',
      plugins: [zodNamespacePlugin, ...(extraClients.length ? [stubPlugin('sdk', extraStubs)] : []), stubPlugin('logger', loggerStub), stubPlugin('jose', joseStub)],
    },
  ];
  const whatIfBundles: { label: string; bundle: BundleResult }[] = [];
  for (const [i, w] of whatIfs.entries()) {
    try {
      const built = await bundle({ entry: definition.entry }, join(dir, `what-if-${i}`, 'index.mjs'), w.plugins);
      await importOnce(built.outfile);
      whatIfBundles.push({ label: w.label, bundle: built });
    } catch (error) {
      console.log(`cold-start: ${w.label} skipped: it does not bundle or import (${(error as Error).message.split('\n').slice(-1)[0]})`);
    }
  }

  const targets: ImportTarget[] = [
    emptyTarget(dir),
    ...chainBundles.map((b, i) => ({ id: `chain-${i}`, file: b.outfile })),
    { id: 'function', file: input.bundle.outfile },
    ...whatIfBundles.map((w, i) => ({ id: `what-if-${i}`, file: w.bundle.outfile })),
  ];
  console.log(`\ncold-start: timing the import chain and what-ifs (${targets.length} imports x ${runs} runs)...`);
  const run = await timeImports(targets, runs);
  const t = (id: string) => run.timings.get(id)!;
  console.log(`cold-start: ${contentionNote(run)}`);
  const chainRows = [...stages.map((s, i) => ({ label: s.label, id: `chain-${i}`, bytes: chainBundles[i]!.bytes })), { label: `= ${definition.name}`, id: 'function', bytes: input.bundle.bytes }];
  console.log(`\nCumulative import chain of ${definition.name} (marginal = this row minus the row above; same method as the table above, ${runs} runs):`);
  console.log(
    table(
      ['stage', 'bytes', 'init ms', 'marginal ms', 'cpu ms', 'marginal cpu ms', 'import ms'],
      chainRows.map((row, i) => {
        const previous = i === 0 ? undefined : t(chainRows[i - 1]!.id);
        const now = t(row.id);
        return [
          row.label,
          String(row.bytes),
          ms(now.initMs),
          previous ? ms(now.initMs - previous.initMs) : '',
          ms(now.cpuMs),
          previous ? ms(now.cpuMs - previous.cpuMs) : '',
          ms(now.importMs),
        ];
      }),
    ),
  );
  const base = t('chain-0');
  const asIs = t('function');
  console.log(
    `\nWhat-ifs for ${definition.name} (bundle-time rewrites only; functions/ untouched). Baseline ${ms(base.initMs)} ms (cpu ${ms(base.cpuMs)}),` +
      ` as-is ${ms(asIs.initMs)} ms (cpu ${ms(asIs.cpuMs)}) = ratio ${ratio(asIs.initMs / base.initMs)} (cpu ${ratio(asIs.cpuMs / base.cpuMs)}):`,
  );
  console.log(
    table(
      ['variant', 'bytes', 'init ms', 'saves ms', 'ratio', 'cpu ms', 'saves cpu ms', 'cpu ratio'],
      whatIfBundles.map((w, i) => {
        const v = t(`what-if-${i}`);
        return [
          w.label,
          String(w.bundle.bytes),
          ms(v.initMs),
          ms(asIs.initMs - v.initMs),
          ratio(v.initMs / base.initMs),
          ms(v.cpuMs),
          ms(asIs.cpuMs - v.cpuMs),
          ratio(v.cpuMs / base.cpuMs),
        ];
      }),
    ),
  );
}
