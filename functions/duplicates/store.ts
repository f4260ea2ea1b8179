import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../platform/aws-clients.ts';
import { casePage, contactPage, reachable } from '../platform/case-reach.ts';
import { indexPrefixPage, table, type Page, type TransactItem } from '../platform/dynamo.ts';
import { byCase, byContact, keys, withoutStorageAttributes } from '../platform/keys.ts';
import type { PageQuery } from '../platform/shared-schemas.ts';
import { contactRef } from '../service-requests/store.ts';
import type { DuplicateRequest } from './schemas.ts';

/** Duplicate requests live in their SR's partition (SR#<srNumber> / DUPREQ), listed by case and by requester. */
function requestItem(request: DuplicateRequest): Record<string, unknown> {
  const ref = contactRef(request.requester)!;
  return {
    ...keys.duplicateRequest(request.srNumber),
    recordType: 'DuplicateRequest',
    GSI1PK: byCase.pk(request.caseNumber),
    GSI1SK: byCase.duplicateRequestSk(request.createdAt, request.srNumber),
    GSI2PK: byContact.pk(ref),
    GSI2SK: byContact.duplicateRequestSk(request.createdAt, request.srNumber),
    ...request,
  };
}

export const duplicateRequestStore = {
  async get(srNumber: string): Promise<DuplicateRequest | undefined> {
    const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: keys.duplicateRequest(srNumber), ConsistentRead: true }));
    return reachable(Item ? withoutStorageAttributes<DuplicateRequest>(Item) : undefined);
  },
  create: (request: DuplicateRequest): TransactItem => ({ Put: { TableName: table(), Item: requestItem(request), ConditionExpression: 'attribute_not_exists(PK)' } }),
  replace: (request: DuplicateRequest, expectedVersion: number): TransactItem => ({
    Put: { TableName: table(), Item: requestItem(request), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } },
  }),
  /** The pack went out: the request shows sent (a system change, whatever version the caller read). */
  sent: (srNumber: string, coverLetterId: string, now: Date): TransactItem => ({
    Update: {
      TableName: table(),
      Key: keys.duplicateRequest(srNumber),
      UpdateExpression: 'SET #state = :sent, sentAt = if_not_exists(sentAt, :at), coverLetterId = :cover, updatedAt = :at, #version = #version + :one',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#state': 'state', '#version': 'version' },
      ExpressionAttributeValues: { ':sent': 'sent', ':at': now.toISOString(), ':cover': coverLetterId, ':one': 1 },
    },
  }),
  listForCase: (caseNumber: string, page: PageQuery): Promise<Page<DuplicateRequest>> => casePage(caseNumber, () => indexPrefixPage(byCase, byCase.pk(caseNumber), byCase.duplicateRequestPrefix, page)),
  listForContact: (ref: string, page: PageQuery): Promise<Page<DuplicateRequest>> => contactPage(ref, indexPrefixPage<DuplicateRequest>(byContact, byContact.pk(ref), byContact.duplicateRequestPrefix, page)),
};
