import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { caseworkTable } from '../../functions/platform/resources.ts';
import { freePort, startDynamoDbLocal } from '../../local/emulators.ts';
import { createTable, localCredentials, region, tableName } from '../../local/resources.ts';

describe('DynamoDB Local with a dbPath', () => {
  it('keeps data across a restart, and stopping frees its port', { timeout: 30_000 }, async () => {
    const dbPath = mkdtempSync(join(tmpdir(), 'cms-ddb-'));
    const key = { PK: { S: 'CASE#1-0000000001' }, SK: { S: 'CASE' } };
    const client = (endpoint: string) => new DynamoDBClient({ region, endpoint, credentials: localCredentials, maxAttempts: 1 });
    try {
      const first = await startDynamoDbLocal({ port: await freePort(), dbPath });
      const writer = client(first.endpoint);
      await createTable(writer, caseworkTable);
      await writer.send(new PutItemCommand({ TableName: tableName(caseworkTable), Item: { ...key, status: { S: 'open' } } }));
      writer.destroy();
      await first.stop();
      await expect(fetch(first.endpoint, { method: 'POST' })).rejects.toThrow();

      const second = await startDynamoDbLocal({ port: await freePort(), dbPath });
      const reader = client(second.endpoint);
      try {
        const { Item } = await reader.send(new GetItemCommand({ TableName: tableName(caseworkTable), Key: key, ConsistentRead: true }));
        expect(Item?.status).toEqual({ S: 'open' });
      } finally {
        reader.destroy();
        await second.stop();
      }
    } finally {
      rmSync(dbPath, { recursive: true, force: true });
    }
  });
});
