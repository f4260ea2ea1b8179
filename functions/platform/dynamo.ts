import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type QueryCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from './aws-clients.ts';
import { withoutStorageAttributes } from './keys.ts';
import { Problem, validationProblem } from './problem.ts';
import { caseworkTable } from './resources.ts';
import type { PageQuery } from './shared-schemas.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const table = (): string => tableName(caseworkTable);

/** Thrown when a transaction's condition failed; `failed` lists the indexes of the items whose condition failed. */
export class ConditionFailed extends Error {
  constructor(readonly failed: readonly number[]) {
    super(`Condition failed on item(s) ${failed.join(', ')}`);
    this.name = 'ConditionFailed';
  }
}

/**
 * DynamoDB cancels a transaction outright (nothing written) when another transaction is touching one of
 * its items at that moment. Two commutative changes to the same item, such as two letters of one SR both
 * entering the SR's approval set, must both succeed, so a cancellation caused only by such a conflict is
 * retried with a short jittered back-off. The conditions are evaluated afresh on every attempt.
 */
const conflictRetries = 5;

export async function transact(items: TransactItem[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      if (failed.length > 0) throw new ConditionFailed(failed);
      if (reasons.some((r) => r.Code === 'TransactionConflict')) {
        if (attempt < conflictRetries) {
          await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * (0.5 + Math.random())));
          continue;
        }
        throw new Problem('conflict', 'Someone else changed this record at the same moment. Read it again and retry.');
      }
      throw error;
    }
  }
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

const encodeCursor = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key)).toString('base64url');

function decodeCursor(cursor: string, partition: Record<string, string>): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    typeof key === 'object' && key !== null && Object.values(key).every((v) => typeof v === 'string') &&
    Object.entries(partition).every(([attribute, value]) => (key as Record<string, unknown>)[attribute] === value);
  if (!valid) throw validationProblem([{ field: 'query.cursor', rule: 'must be a cursor returned by a previous page of this list' }]);
  return key as Record<string, unknown>;
}

/**
 * One page of a Query (never a Scan), oldest first. The cursor is opaque to callers and is checked to
 * belong to the same list, so it cannot be used to read another partition.
 */
export async function queryPage<T>(
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
  partition: Record<string, string>,
  page: PageQuery,
): Promise<Page<T>> {
  const result = await dynamo().send(
    new QueryCommand({
      ...input,
      TableName: table(),
      Limit: page.limit,
      ExclusiveStartKey: page.cursor ? decodeCursor(page.cursor, partition) : undefined,
    }),
  );
  const items = (result.Items ?? []).map((item) => withoutStorageAttributes<T>(item));
  return result.LastEvaluatedKey ? { items, nextCursor: encodeCursor(result.LastEvaluatedKey) } : { items };
}

/** A filter keeping only items in one of these statuses (e.g. a client's sent letters). */
export const statusIn = (statuses: readonly string[]) => ({
  expression: `#status IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`,
  names: { '#status': 'status' },
  values: Object.fromEntries(statuses.map((status, i) => [`:s${i}`, status])),
});

/** One page of the items of one index partition whose sort key starts with `prefix` (e.g. the SRs of a case). */
export function indexPrefixPage<T>(
  index: { readonly index: string; readonly pkAttribute: string; readonly skAttribute: string },
  pk: string,
  prefix: string,
  page: PageQuery,
  filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> },
): Promise<Page<T>> {
  return queryPage<T>(
    {
      IndexName: index.index,
      KeyConditionExpression: `${index.pkAttribute} = :pk AND begins_with(${index.skAttribute}, :prefix)`,
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix, ...filter?.values },
      ...(filter ? { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names } : {}),
    },
    { [index.pkAttribute]: pk },
    page,
  );
}
