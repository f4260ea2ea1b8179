import { describe, expect, it } from 'vitest';
import { catalogue } from '../../functions/catalogue.ts';
import { bundling } from '../../lib/bundling.ts';
import { bundleEntries, type EntryBundle } from './support/bundle-entries.ts';

/**
 * Every catalogue entry builds with the esbuild options the CDK app bundles it with, and exports the
 * `handler` its function calls (index.handler). One esbuild run for all entries: `cdk synth` runs one per
 * function through NodejsFunction, which catalogue-function.test.ts exercises for real on one entry.
 */
describe('function bundles', () => {
  let bundles: EntryBundle[] = [];

  it('every catalogue entry bundles', async () => {
    bundles = await bundleEntries([...new Set(catalogue.map((d) => d.entry))], bundling);
    expect(bundles).toHaveLength(new Set(catalogue.map((d) => d.entry)).size);
  }, 120_000);

  it.each(catalogue.map((d) => [d.name, d.entry] as const))('%s: the bundle exports handler', (_name, entry) => {
    const bundle = bundles.find((b) => b.entry === entry);
    expect(bundle, `no bundle for ${entry}`).toBeDefined();
    expect(bundle?.exports).toContain('handler');
  });
});
