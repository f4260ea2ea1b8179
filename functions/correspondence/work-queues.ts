import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../platform/aws-clients.ts';
import { queryPage, table, type Page } from '../platform/dynamo.ts';
import { byQueue, keys, withoutStorageAttributes } from '../platform/keys.ts';
import { assertSegment } from '../platform/access.ts';
import { reachableItems } from '../platform/case-reach.ts';
import type { PageQuery } from '../platform/shared-schemas.ts';
import type { Email } from '../emails/schemas.ts';
import type { Letter } from '../letters/schemas.ts';

/** The team leaders' approval queue for a segment, oldest first: letters and emails together, each with its channel. */
export function approvalQueue(segment: string, page: PageQuery): Promise<Page<Letter | Email>> {
  assertSegment(segment, `approval queue ${segment}`);
  const pk = byQueue.approvalPk(segment);
  return queryPage<Letter | Email>({ IndexName: byQueue.index, KeyConditionExpression: 'GSI3PK = :pk', ExpressionAttributeValues: { ':pk': pk } }, { GSI3PK: pk }, page);
}

/** The approval inbox at a glance: how many wait, and since when the oldest. */
export async function approvalSummary(segment: string, now: Date): Promise<{ segment: string; waiting: number; oldestSubmittedAt?: string; oldestAgeMinutes?: number }> {
  assertSegment(segment, `approval queue ${segment}`);
  const pk = byQueue.approvalPk(segment);
  let waiting = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ TableName: table(), IndexName: byQueue.index, KeyConditionExpression: 'GSI3PK = :pk', ExpressionAttributeValues: { ':pk': pk }, Select: 'COUNT', ExclusiveStartKey: start }));
    waiting += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  if (waiting === 0) return { segment, waiting };
  const oldest = await dynamo().send(new QueryCommand({ TableName: table(), IndexName: byQueue.index, KeyConditionExpression: 'GSI3PK = :pk', ExpressionAttributeValues: { ':pk': pk }, Limit: 1 }));
  const submittedAt = (oldest.Items?.[0] as { approval?: { submittedAt?: string } } | undefined)?.approval?.submittedAt;
  return { segment, waiting, ...(submittedAt ? { oldestSubmittedAt: submittedAt, oldestAgeMinutes: Math.floor((now.getTime() - Date.parse(submittedAt)) / 60_000) } : {}) };
}

export interface MyActivity {
  readonly bucket: string;
  readonly channel: 'letter' | 'email';
  readonly correspondenceId: string;
  readonly srNumber: string;
  readonly caseNumber: string;
  readonly templateId: string;
  readonly templateName: string;
  readonly status: string;
  readonly since: string;
  readonly returnedReason?: string;
}

/** A caseworker's open letter and email activities, grouped the way "My Activities" shows them, oldest first. */
export async function myActivities(staffId: string): Promise<{ groups: Record<string, MyActivity[]> }> {
  const items: MyActivity[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ TableName: table(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.myActivitiesPartition(staffId) }, ExclusiveStartKey: start }));
    // Entries written before emails existed are letters.
    items.push(...(page.Items ?? []).map((i) => ({ ...withoutStorageAttributes<MyActivity>(i), channel: (i.channel as MyActivity['channel'] | undefined) ?? 'letter' })));
    start = page.LastEvaluatedKey;
  } while (start && items.length < 1000);
  const groups: Record<string, MyActivity[]> = {};
  // Work on a case that has moved to a segment the caseworker no longer works in leaves their list.
  for (const item of (await reachableItems(items)).sort((a, b) => a.since.localeCompare(b.since))) (groups[item.bucket] ??= []).push(item);
  return { groups };
}
