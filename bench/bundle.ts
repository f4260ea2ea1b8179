import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (bench/ is one level down). */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * esbuild options of a Lambda bundle.
 *
 * This MIRRORS the CDK NodejsFunction bundling (lib/bundling.ts): platform node, target node24, ESM,
 * module-first main fields, minified, source map in a separate file (CDK `sourceMap: true` is
 * esbuild's linked mode: an external .map plus a sourceMappingURL comment), AWS SDK bundled rather
 * than taken from the runtime (`externalModules: []`), JSON loader, and the createRequire banner so
 * bundled CommonJS can still `require` Node built-ins. Keep the two in step until they are unified
 * into one shared definition.
 */
export const lambdaBundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  external: [],
  loader: { '.json': 'json' },
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
} as const satisfies BuildOptions;

export interface BundleResult {
  readonly outfile: string;
  /** Size of the .mjs bundle itself; the external .map is not counted. */
  readonly bytes: number;
  /** The metafile entry of this bundle: which inputs it holds and how many bytes each contributes. */
  readonly output: Metafile['outputs'][string];
}

export type BundleInput = { readonly entry: string } | { readonly source: string };

const resultOf = (metafile: Metafile, outfile: string): BundleResult => {
  const key = Object.keys(metafile.outputs).find((k) => resolve(repoRoot, k) === resolve(outfile));
  if (!key) throw new Error(`esbuild wrote no ${outfile}`);
  return { outfile, bytes: statSync(outfile).size, output: metafile.outputs[key]! };
};

/**
 * Bundles a repository entry file, or an inline TypeScript source resolved from the repository root.
 * `plugins` exist only for the init analysis's "what if" variants; real bundles use none.
 */
export async function bundle(input: BundleInput, outfile: string, plugins: Plugin[] = []): Promise<BundleResult> {
  const result = await build({
    ...lambdaBundleOptions,
    logLevel: 'silent',
    absWorkingDir: repoRoot,
    ...('entry' in input ? { entryPoints: [input.entry] } : { stdin: { contents: input.source, resolveDir: repoRoot, loader: 'ts', sourcefile: 'baseline.ts' } }),
    outfile,
    metafile: true,
    plugins,
    write: true,
  });
  return resultOf(result.metafile, outfile);
}

/**
 * Bundles many entries in one esbuild run: each output is still a separate, self-contained bundle
 * (no code splitting), exactly as if built alone, but node_modules are parsed once. Outputs go to
 * `<outdir>/<name>/index.mjs`.
 */
export async function bundleAll(entries: readonly { readonly name: string; readonly entry: string }[], outdir: string): Promise<Map<string, BundleResult>> {
  const result = await build({
    ...lambdaBundleOptions,
    logLevel: 'silent',
    absWorkingDir: repoRoot,
    entryPoints: entries.map(({ name, entry }) => ({ in: entry, out: `${name}/index` })),
    outdir,
    outExtension: { '.js': '.mjs' },
    metafile: true,
    write: true,
  });
  return new Map(entries.map(({ name }) => [name, resultOf(result.metafile, join(outdir, name, 'index.mjs'))]));
}
