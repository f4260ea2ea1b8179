import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './aws-clients.ts';
import { ConditionFailed, table, transact, type TransactItem } from './dynamo.ts';
import type { HttpResult, Idempotency } from './http-handler.ts';
import { keys } from './keys.ts';
import { Problem } from './problem.ts';

const retentionSeconds = 24 * 60 * 60;

interface StoredResponse {
  readonly requestHash: string;
  readonly result: HttpResult;
}

async function storedResponse(idempotency: Idempotency): Promise<HttpResult | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: keys.idempotency(idempotency.key), ConsistentRead: true }));
  if (!Item) return undefined;
  const stored = Item as unknown as StoredResponse;
  if (stored.requestHash !== idempotency.requestHash) {
    throw new Problem('idempotencyKeyReused', 'This Idempotency-Key was already used with a different request. Use a new key for a new request.');
  }
  return stored.result;
}

/**
 * Runs a create exactly once per Idempotency-Key: the first response is stored in the same transaction
 * as the records it created, so a retry (even after a crash or a lost response) replays that response
 * and can never create a second record.
 */
export async function createOnce(
  idempotency: Idempotency | undefined,
  build: () => Promise<{ items: TransactItem[]; result: HttpResult }>,
): Promise<HttpResult> {
  if (idempotency) {
    const seen = await storedResponse(idempotency);
    if (seen) return seen;
  }
  const { items, result } = await build();
  if (!idempotency) {
    await transact(items);
    return result;
  }
  const record: TransactItem = {
    Put: {
      TableName: table(),
      Item: {
        ...keys.idempotency(idempotency.key),
        recordType: 'IdempotentResponse',
        requestHash: idempotency.requestHash,
        result,
        expiresAt: Math.floor(Date.now() / 1000) + retentionSeconds,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
  try {
    await transact([...items, record]);
    return result;
  } catch (error) {
    // A concurrent request with the same key won: answer as it did.
    if (error instanceof ConditionFailed && error.failed.includes(items.length)) {
      const seen = await storedResponse(idempotency);
      if (seen) return seen;
      throw new Problem('idempotencyInProgress', 'A request with this Idempotency-Key is being processed. Retry shortly.');
    }
    throw error;
  }
}
