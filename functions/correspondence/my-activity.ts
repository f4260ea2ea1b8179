import { table, type TransactItem } from '../platform/dynamo.ts';
import { keys } from '../platform/keys.ts';

/** What "My Activities" shows of any correspondence item: one entry per item that needs its author. */
export interface ActivitySource {
  readonly correspondenceId: string;
  readonly channel: 'letter' | 'email';
  readonly srNumber: string;
  readonly caseNumber: string;
  readonly template: { readonly id: string; readonly name: string };
  readonly status: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly returnedToCaseworker?: { readonly reason: string } | undefined;
}

/** The author's My Activities entry for the item in `bucket`, or its removal once it needs nothing from them. */
export function activityWrite(item: ActivitySource, bucket: string | undefined, extra: Record<string, unknown> = {}): TransactItem {
  const key = keys.myActivity(item.createdBy, item.correspondenceId);
  if (!bucket) return { Delete: { TableName: table(), Key: key } };
  return {
    Put: {
      TableName: table(),
      Item: {
        ...key,
        recordType: 'MyActivity',
        bucket,
        channel: item.channel,
        correspondenceId: item.correspondenceId,
        srNumber: item.srNumber,
        caseNumber: item.caseNumber,
        templateId: item.template.id,
        templateName: item.template.name,
        status: item.status,
        since: item.updatedAt,
        ...(item.returnedToCaseworker ? { returnedReason: item.returnedToCaseworker.reason } : {}),
        ...extra,
      },
    },
  };
}
