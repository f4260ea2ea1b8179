import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two cores share the JVM, the handlers and the test workers: allow for slow moments.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    maxWorkers: 2,
    projects: [
      // Pure rules and the CDK app need no emulators.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'cdk', include: ['test/cdk/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 240_000 } },
      // One local stack (emulators, API, pollers) for these; tests reach it over HTTP.
      // Files run one after another: the print batch and work queues are shared by every test on the stack.
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts', 'test/local/**/*.test.ts'], globalSetup: ['test/support/global-setup.ts'], fileParallelism: false } },
    ],
  },
});
