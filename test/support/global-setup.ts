import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import type { TestProject } from 'vitest/node';
import { startStack } from '../../local/stack.ts';

/** What test workers get from the one stack started for the run (see test/support/api.ts). */
export interface LocalStackContext {
  readonly apiUrl: string;
  readonly env: Record<string, string>;
  readonly jwks: JSONWebKeySet;
  /** Holds the dev issuer's signing key, so workers can sign their own tokens. */
  readonly dataDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    localStack: LocalStackContext;
  }
}

/**
 * vitest globalSetup: starts the stack in memory on free ports, with demo data. Handlers run here,
 * in the main vitest process, behind the local API; test workers talk to it over HTTP.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cms-local-test-'));
  const stack = await startStack({
    dataDir,
    inMemory: true,
    ports: { dynamodb: 0, fauxqs: 0, ses: 0, api: 0 },
    demoData: true,
    quiet: true,
    retryDelaySeconds: 1,
  });
  project.provide('localStack', { apiUrl: stack.apiUrl, env: { ...stack.env }, jwks: stack.jwks, dataDir });
  return async () => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
