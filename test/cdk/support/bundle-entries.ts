import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { fromRoot, repoRoot } from '../../../lib/paths.ts';

/**
 * The esbuild options NodejsFunction passes for these bundling options (aws-lambda-nodejs Bundling: one
 * esbuild run per function with --bundle --platform=node and these flags). Any option this does not
 * know is refused, so a change to lib/bundling.ts cannot silently go untested.
 */
export function esbuildOptionsOf(options: BundlingOptions): BuildOptions {
  const known = new Set(['format', 'target', 'mainFields', 'minify', 'sourceMap', 'banner', 'externalModules', 'bundleAwsSDK', 'loader', 'forceDockerBundling', 'logLevel']);
  const unknown = Object.keys(options).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new Error(`bundle-entries.ts does not know how NodejsFunction passes ${unknown.join(', ')} to esbuild`);
  if (options.forceDockerBundling) throw new Error('Bundling must run locally, not in Docker');
  return {
    bundle: true,
    platform: 'node',
    format: options.format === OutputFormat.ESM ? 'esm' : 'cjs',
    target: options.target,
    mainFields: options.mainFields,
    minify: options.minify,
    sourcemap: options.sourceMap,
    banner: options.banner ? { js: options.banner } : undefined,
    // The externals given, else NodejsFunction's default: the runtime's SDK unless bundleAwsSDK.
    external: options.externalModules ?? (options.bundleAwsSDK ? [] : ['@aws-sdk/*', '@smithy/*']),
    loader: options.loader as BuildOptions['loader'],
    logLevel: 'silent', // failures come back as the rejection's errors
  };
}

export interface EntryBundle {
  readonly entry: string;
  readonly bytes: number;
  readonly exports: readonly string[];
}

/**
 * Bundles every entry in one esbuild run with the options NodejsFunction would use: the same build per
 * entry (each output is its own bundle, no code splitting), with esbuild's parsing shared between them.
 * Throws with esbuild's errors if any entry does not build.
 */
export async function bundleEntries(entries: readonly string[], options: BundlingOptions): Promise<EntryBundle[]> {
  const outdir = mkdtempSync(join(tmpdir(), 'cms-bundles-'));
  try {
    const esm = options.format === OutputFormat.ESM;
    const result = await build({
      ...esbuildOptionsOf(options),
      absWorkingDir: repoRoot,
      entryPoints: entries.map((e) => fromRoot(e)),
      outbase: repoRoot,
      outdir,
      outExtension: { '.js': esm ? '.mjs' : '.js' }, // index.mjs for ESM, as NodejsFunction names it
      splitting: false,
      metafile: true,
      write: true,
    });
    const byEntry = new Map<string, Metafile['outputs'][string]>();
    for (const output of Object.values(result.metafile.outputs)) if (output.entryPoint) byEntry.set(output.entryPoint, output);
    return entries.map((entry) => {
      const output = byEntry.get(relative(repoRoot, fromRoot(entry)));
      if (!output) throw new Error(`esbuild wrote no bundle for ${entry}`);
      return { entry, bytes: output.bytes, exports: output.exports };
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
