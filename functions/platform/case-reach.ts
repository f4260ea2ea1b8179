import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { reachesCase, segmentScopedCaller } from './access.ts';
import { Problem } from './problem.ts';
import { dynamo } from './aws-clients.ts';
import { table } from './dynamo.ts';
import { keys } from './keys.ts';

/** The case's owning segment, read on its own (a small projection), for the access rule. */
async function owningSegment(caseNumber: string): Promise<string | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: keys.case(caseNumber), ProjectionExpression: 'owningSegment', ConsistentRead: true }));
  return Item?.owningSegment as string | undefined;
}

/** Whether the caller may reach records of this case (the system always may). */
export async function caseReachable(caseNumber: string | undefined): Promise<boolean> {
  if (!segmentScopedCaller()) return true;
  if (!caseNumber) return false;
  return reachesCase(caseNumber, owningSegment);
}

/** A case-scoped record as the caller may see it: undefined, exactly as if it did not exist, when out of reach. */
export async function reachable<T extends { caseNumber?: string | undefined }>(record: T | undefined): Promise<T | undefined> {
  if (!record || !segmentScopedCaller()) return record;
  return (await caseReachable(record.caseNumber)) ? record : undefined;
}

/** The records of a list the caller may see. */
export async function reachableItems<T extends { caseNumber?: string | undefined }>(items: readonly T[]): Promise<T[]> {
  if (!segmentScopedCaller()) return [...items];
  const keep = await Promise.all(items.map((i) => caseReachable(i.caseNumber)));
  return items.filter((_, i) => keep[i]);
}

/** A client or employer: reachable when they are on a case the caller may reach (CONTACTCASE links). */
export async function contactReachable(contactRef: string): Promise<boolean> {
  if (!segmentScopedCaller()) return true;
  const { Items = [] } = await dynamo().send(new QueryCommand({ TableName: table(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.contactCasesPartition(contactRef) }, ProjectionExpression: 'caseNumber' }));
  const reach = await Promise.all(Items.map((i) => caseReachable(i.caseNumber as string)));
  return reach.some(Boolean);
}

/** A list by case: the case must be reachable (else it does not exist for the caller). */
export async function assertCaseListed(caseNumber: string): Promise<void> {
  if (!(await caseReachable(caseNumber))) throw new Problem('notFound', `There is no case ${caseNumber}.`);
}

/**
 * A page listed by contact (a client, representative, employer or third party): only the items of cases
 * the caller may reach. A contact with nothing on those cases lists nothing, as an unknown contact does.
 */
export async function contactPage<T extends { caseNumber?: string | undefined }>(contactRef: string, page: Promise<{ items: T[]; nextCursor?: string }>): Promise<{ items: T[]; nextCursor?: string }> {
  const { items, nextCursor } = await page;
  if (!segmentScopedCaller()) return { items, ...(nextCursor ? { nextCursor } : {}) };
  // Items of no case (changes to the contact's own record) follow the contact: on a case of theirs.
  const contact = items.some((i) => !i.caseNumber) ? await contactReachable(contactRef) : false;
  const keep = await Promise.all(items.map((i) => (i.caseNumber ? caseReachable(i.caseNumber) : contact)));
  return { items: items.filter((_, i) => keep[i]), ...(nextCursor ? { nextCursor } : {}) };
}

/** A page listed by case, for a reachable case. */
export async function casePage<T>(caseNumber: string, page: () => Promise<T>): Promise<T> {
  await assertCaseListed(caseNumber);
  return page();
}
