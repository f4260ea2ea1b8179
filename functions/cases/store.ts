import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { auditItem, type AuditActor } from '../platform/audit.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { ConditionFailed, table, transact } from '../platform/dynamo.ts';
import { keys, withoutStorageAttributes, type Key } from '../platform/keys.ts';
import { Problem } from '../platform/problem.ts';
import type { Case, Client, Employer } from './schemas.ts';

export type Versioned<T> = T & { readonly version: number; readonly updatedAt: string };

interface ReadModel<T> {
  readonly entity: string;
  readonly key: (id: string) => Key;
  readonly caseNumber?: (record: T) => string | undefined;
  readonly contactRef?: (record: T) => string | undefined;
}

const models = {
  case: { entity: 'Case', key: keys.case, caseNumber: (c: Case) => c.caseNumber } satisfies ReadModel<Case>,
  client: { entity: 'Client', key: keys.client, contactRef: (c: Client) => c.scin } satisfies ReadModel<Client>,
  employer: { entity: 'Employer', key: keys.employer, contactRef: (e: Employer) => e.ern } satisfies ReadModel<Employer>,
};

async function get<T>(model: ReadModel<T>, id: string): Promise<Versioned<T> | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: model.key(id), ConsistentRead: true }));
  return Item ? withoutStorageAttributes<Versioned<T>>(Item) : undefined;
}

/**
 * Creates (no expected version) or replaces (expected version must match) a read-model record, with
 * its audit event in the same transaction.
 */
async function upsert<T extends object>(
  model: ReadModel<T>,
  id: string,
  record: T,
  expectedVersion: number | undefined,
  actor: AuditActor,
  now: Date,
): Promise<Versioned<T>> {
  const before = expectedVersion === undefined ? undefined : await get(model, id);
  if (expectedVersion !== undefined && !before) throw new Problem('notFound', `There is no ${model.entity.toLowerCase()} ${id} to replace. Send it without If-Match to create it.`);
  if (before && before.version !== expectedVersion) {
    throw new Problem('conflict', `The ${model.entity.toLowerCase()} is at version ${before.version}, not ${expectedVersion}. Read it again and reapply your change.`, { currentVersion: before.version });
  }
  const next = { ...record, version: (expectedVersion ?? 0) + 1, updatedAt: now.toISOString() } as Versioned<T>;
  const key = model.key(id);
  try {
    await transact([
      {
        Put: {
          TableName: table(),
          Item: { ...key, recordType: model.entity, ...next },
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
        },
      },
      auditItem({
        actor,
        action: expectedVersion === undefined ? `${model.entity}Created` : `${model.entity}Replaced`,
        entity: { type: model.entity, id, pk: key.PK },
        caseNumber: model.caseNumber?.(record),
        contactRef: model.contactRef?.(record),
        before: before as Record<string, unknown> | undefined,
        after: next as Record<string, unknown>,
        now,
      }),
    ]);
  } catch (error) {
    if (error instanceof ConditionFailed && error.failed.includes(0)) {
      throw expectedVersion === undefined
        ? new Problem('alreadyExists', `The ${model.entity.toLowerCase()} ${id} already exists. Read it and send If-Match with its ETag to replace it.`)
        : new Problem('conflict', `The ${model.entity.toLowerCase()} changed while you were saving it. Read it again and reapply your change.`);
    }
    throw error;
  }
  return next;
}

export const caseStore = {
  get: (caseNumber: string) => get(models.case, caseNumber),
  upsert: (record: Case, expectedVersion: number | undefined, actor: AuditActor, now: Date) => upsert(models.case, record.caseNumber, record, expectedVersion, actor, now),
};

export const clientStore = {
  get: (scin: string) => get(models.client, scin),
  upsert: (record: Client, expectedVersion: number | undefined, actor: AuditActor, now: Date) => upsert(models.client, record.scin, record, expectedVersion, actor, now),
};

export const employerStore = {
  get: (ern: string) => get(models.employer, ern),
  upsert: (record: Employer, expectedVersion: number | undefined, actor: AuditActor, now: Date) => upsert(models.employer, record.ern, record, expectedVersion, actor, now),
};
