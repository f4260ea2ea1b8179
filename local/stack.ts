import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { resetKeyCache } from '../functions/platform/auth.ts';
import { resetClients } from '../functions/platform/aws-clients.ts';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { emailEventsQueue, emailSending, platformEnv } from '../functions/platform/resources.ts';
import { startApiServer } from './api-server.ts';
import { loadDemoData } from './demo-data.ts';
import { loadDevIssuer, type TokenRequest } from './dev-issuer.ts';
import { freePort, startDynamoDbLocal, startFauxqsEmulator, startSesEmulator, type Emulator } from './emulators.ts';
import { log, setQuiet } from './log.ts';
import { defaultDataDir } from './paths.ts';
import { startCataloguePollers } from './pollers.ts';
import { createResources, localClients, region } from './resources.ts';
import { startScheduler } from './scheduler.ts';

/**
 * The whole system on one machine: emulators, resources, dev issuer, API, queue pollers and
 * schedules. Handlers run in this process and read process.env, which the stack sets while it runs.
 */

export interface StackPorts {
  readonly dynamodb: number;
  readonly fauxqs: number;
  readonly ses: number;
  readonly api: number;
}

export const defaultPorts: StackPorts = { dynamodb: 8000, fauxqs: 4566, ses: 8005, api: 3000 };

export interface StackOptions {
  /** Where data and the dev issuer's key live; default .local/ in the repository. */
  readonly dataDir?: string;
  /** Wipe the DynamoDB and SQS/S3 data first (the signing key is kept, so tokens stay valid). */
  readonly reset?: boolean;
  /** 0 picks a free port. */
  readonly ports?: Partial<StackPorts>;
  /** Keep DynamoDB and fauxqs data in memory only (tests). */
  readonly inMemory?: boolean;
  /** Only errors from the stack itself; handler logs at ERROR. */
  readonly quiet?: boolean;
  readonly demoData?: boolean;
  /** Seconds before a failed queue message is retried locally (Lambda waits for the visibility timeout). */
  readonly retryDelaySeconds?: number;
}

export interface Stack {
  readonly apiUrl: string;
  readonly mailViewerUrl: string;
  readonly ports: StackPorts;
  readonly dataDir: string;
  /** Everything handlers need: resource names, endpoints, region, credentials, issuer. */
  readonly env: Readonly<Record<string, string>>;
  readonly jwks: JSONWebKeySet;
  issueToken(request: TokenRequest): Promise<string>;
  runSchedule(name: string, input?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/** Sets variables on process.env and returns a function that puts the old values back. */
function applyEnv(env: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(env);
  resetClients();
  resetKeyCache();
  return () => {
    set(previous);
    resetClients();
    resetKeyCache();
  };
}

async function startEmulators(ports: StackPorts, dataDir: string, inMemory: boolean) {
  const started = await Promise.allSettled([
    (ports.dynamodb === 0 ? freePort() : Promise.resolve(ports.dynamodb)).then((port) =>
      startDynamoDbLocal({ port, ...(inMemory ? {} : { dbPath: join(dataDir, 'dynamodb') }) }),
    ),
    startFauxqsEmulator({ port: ports.fauxqs, region, ...(inMemory ? {} : { dataDir: join(dataDir, 'fauxqs') }) }),
    startSesEmulator({ port: ports.ses }),
  ]);
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failure = started.find((s) => s.status === 'rejected');
  if (failure) {
    await Promise.allSettled(running.map((e) => e.stop()));
    throw failure.reason;
  }
  const [dynamodb, fauxqs, ses] = running as [Emulator, Emulator, Emulator];
  return { dynamodb, fauxqs, ses };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  setQuiet(options.quiet ?? false);
  const dataDir = resolve(options.dataDir ?? defaultDataDir);
  const inMemory = options.inMemory ?? false;
  if (options.reset && !inMemory) {
    for (const dir of ['dynamodb', 'fauxqs']) rmSync(join(dataDir, dir), { recursive: true, force: true });
  }
  const ports = { ...defaultPorts, ...options.ports };
  const emulators = await startEmulators(ports, dataDir, inMemory);
  const stopEmulators = () => Promise.allSettled([emulators.dynamodb.stop(), emulators.fauxqs.stop(), emulators.ses.stop()]);

  const stopping: (() => unknown)[] = [];
  const stop = async () => {
    for (const step of stopping.reverse()) await step();
    stopping.length = 0;
    await stopEmulators();
  };

  try {
    const endpoints = { dynamodb: emulators.dynamodb.endpoint, fauxqs: emulators.fauxqs.endpoint, ses: emulators.ses.endpoint };
    const issuer = await loadDevIssuer(dataDir);
    const resources = await createResources(endpoints);
    const scheduler = startScheduler();
    stopping.push(() => scheduler.stop());
    const eventsQueue = resources.queues.find((q) => q.definition.id === emailEventsQueue.id)!;
    const sesEvents = localClients(endpoints).sqs.client;
    stopping.push(() => sesEvents.destroy());
    const putSesEvent = async (json: string) => (await sesEvents.send(new SendMessageCommand({ QueueUrl: eventsQueue.url, MessageBody: json }))).MessageId ?? '';
    const api = await startApiServer({ port: ports.api, jwks: issuer.jwks, runSchedule: scheduler.runSchedule, putSesEvent });
    stopping.push(() => api.stop());

    const env: Record<string, string> = {
      ...resources.env,
      [platformEnv.jwtIssuer]: issuer.issuer,
      [platformEnv.jwtAudience]: issuer.audience,
      [platformEnv.jwksUrl]: `${api.url}/.well-known/jwks.json`,
      [platformEnv.machineClientIds]: issuer.machineClientId,
      [emailSending.senderEnv]: emailSending.defaultSender,
      [emailSending.configurationSetEnv]: emailSending.configurationSetName,
      [emailSending.printInboxEnv]: emailSending.defaultPrintInbox,
    };
    // Real credentials must not reach the emulators, and handler logs stay quiet in tests.
    const restoreEnv = applyEnv({ ...env, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined, ...(options.quiet && !process.env.LOG_LEVEL ? { LOG_LEVEL: 'ERROR' } : {}) });
    stopping.unshift(restoreEnv); // restored last

    const sqs = localClients(endpoints).sqs.client;
    const pollers = startCataloguePollers(sqs, resources.queues, options.retryDelaySeconds);
    stopping.push(async () => {
      await pollers.stop();
      sqs.destroy();
    });

    if (options.demoData) {
      const { created, existing } = await loadDemoData(api.setupUrl, issuer.issueToken);
      log.info(`demo data: ${created} created, ${existing} already there`);
    }
    // Only now does the configured port serve the API (it answered 503 until here).
    await api.ready();

    return {
      apiUrl: api.url,
      mailViewerUrl: emulators.ses.endpoint,
      ports: { dynamodb: emulators.dynamodb.port, fauxqs: emulators.fauxqs.port, ses: emulators.ses.port, api: api.port },
      dataDir,
      env,
      jwks: issuer.jwks,
      issueToken: issuer.issueToken,
      runSchedule: scheduler.runSchedule,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
