import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One local stack (emulators, API, pollers) for the whole run; tests reach it over HTTP.
    globalSetup: ['test/support/global-setup.ts'],
    // Two cores share the JVM, the handlers and the test workers: allow for slow moments.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    maxWorkers: 2,
  },
});
