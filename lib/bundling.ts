import { LogLevel, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * esbuild settings shared by every function. Bundling runs with the locally installed esbuild (a
 * devDependency), never in Docker, so `cdk synth` works offline.
 */
export const bundling: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true, // with NODE_OPTIONS=--enable-source-maps, stack traces point at the TypeScript
  // Some CommonJS dependencies call require(); ESM bundles have none unless we make one.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  // Bundle everything, AWS SDK v3 included: the SDK version is the one in package-lock.json, tested
  // locally, rather than whatever the Lambda runtime happens to ship.
  externalModules: [],
  bundleAwsSDK: true,
  loader: { '.json': 'json' },
  forceDockerBundling: false,
  logLevel: LogLevel.WARNING,
};
