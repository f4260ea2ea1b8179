import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { auditItem, type AuditActor } from '../platform/audit.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { ConditionFailed, table, transact, type TransactItem } from '../platform/dynamo.ts';
import { keys, withoutStorageAttributes, type Key } from '../platform/keys.ts';
import { Problem } from '../platform/problem.ts';
import type { Case, Client, Employer } from './schemas.ts';
import { mayReachSegment, rememberCase } from '../platform/access.ts';
import { contactReachable } from '../platform/case-reach.ts';

export type Versioned<T> = T & { readonly version: number; readonly updatedAt: string };

interface ReadModel<T> {
  readonly entity: string;
  readonly key: (id: string) => Key;
  readonly caseNumber?: (record: T) => string | undefined;
  readonly contactRef?: (record: T) => string | undefined;
  /** Other writes that go with the record (a case's links to its clients and employers). */
  readonly alongside?: (before: T | undefined, next: T) => TransactItem[];
}

/**
 * A case's parties, linked to it (CONTACTCASE#<ref> / CASE#<caseNumber>): who may see a client or an
 * employer follows the cases they are on. Links to parties no longer on the case are removed.
 */
function caseLinks(before: Case | undefined, next: Case): TransactItem[] {
  const parties = (c: Case) => new Set([c.receivingParent, c.payingParent, ...c.employers]);
  const now = parties(next);
  const gone = before ? [...parties(before)].filter((ref) => !now.has(ref)) : [];
  return [
    ...[...now].map((ref) => ({ Put: { TableName: table(), Item: { ...keys.contactCase(ref, next.caseNumber), recordType: 'ContactCase', contactRef: ref, caseNumber: next.caseNumber } } })),
    ...gone.map((ref) => ({ Delete: { TableName: table(), Key: keys.contactCase(ref, next.caseNumber) } })),
  ];
}

const models = {
  case: { entity: 'Case', key: keys.case, caseNumber: (c: Case) => c.caseNumber, alongside: caseLinks } satisfies ReadModel<Case>,
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
  const read = expectedVersion === undefined ? undefined : await get(model, id);
  // A case of a segment the caller does not work in cannot be written: to them it does not exist.
  const outOfReach = (r: object | undefined) => Boolean(r && 'owningSegment' in r && !mayReachSegment(r.owningSegment as string));
  if (outOfReach(record)) throw new Problem('notFound', `There is no ${model.entity.toLowerCase()} ${id} for you to write: it belongs to a segment you do not work in.`);
  // A client or employer is replaced only by staff of a case they are on.
  if (expectedVersion !== undefined && model.entity !== 'Case' && !(await contactReachable(id))) throw new Problem('notFound', `There is no ${model.entity.toLowerCase()} ${id} to replace.`);
  const before = outOfReach(read) ? undefined : read;
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
      ...(model.alongside?.(before, record) ?? []),
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
  /** The case, unless the caller may not reach its segment: then, to them, it does not exist. */
  async get(caseNumber: string) {
    const found = await get(models.case, caseNumber);
    if (!found) return undefined;
    if (!mayReachSegment(found.owningSegment)) return undefined;
    rememberCase(caseNumber, found.owningSegment);
    return found;
  },
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
