import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { activityWrite } from '../correspondence/my-activity.ts';
import { dynamo } from '../platform/aws-clients.ts';
import { casePage, contactPage, reachable } from '../platform/case-reach.ts';
import { indexPrefixPage, queryPage, statusIn, table, type Page, type TransactItem } from '../platform/dynamo.ts';
import { byCase, byContact, byQueue, keys, withoutStorageAttributes } from '../platform/keys.ts';
import type { PageQuery } from '../platform/shared-schemas.ts';
import type { AddressMark } from './domain/eligibility.ts';
import { normaliseAddress } from './domain/eligibility.ts';
import type { Email, SendState } from './schemas.ts';

/** The caseworker's "My Activities" bucket for an email, or none once it needs nothing from them. */
export function emailActivityBucket(email: Email): string | undefined {
  switch (email.status) {
    case 'Draft':
      return email.returnedToCaseworker ? 'returned-for-amendment' : 'draft';
    case 'Generated':
      return 'ready-to-submit';
    case 'Pending Approval':
      return 'awaiting-approval';
    case 'Approved':
      return 'ready-to-send';
    case 'Retrying':
      return 'email-retrying';
    case 'Error':
      return 'error';
    case 'Incident Raised':
      return 'incident';
    case 'Successfully Fulfilled':
      // Sent, but it never arrived: the caseworker corrects the address and writes again.
      return email.delivery?.state === 'Bounced' || email.delivery?.state === 'Complained' ? 'email-bounced' : undefined;
    default:
      return undefined;
  }
}

/** Which work queue (ByQueue index) an email is in, by its status. */
function queueAttributes(email: Email): Record<string, string> {
  const id = email.correspondenceId;
  switch (email.status) {
    case 'Pending Approval':
      return email.approval ? { GSI3PK: byQueue.approvalPk(email.approval.segment), GSI3SK: `${email.approval.submittedAt}#${id}` } : {};
    case 'Sending':
      return { GSI3PK: byQueue.emailSendPk, GSI3SK: `${email.updatedAt}#${id}` };
    case 'Retrying':
      return email.send?.nextAttemptAt ? { GSI3PK: byQueue.emailRetryPk, GSI3SK: `${email.send.nextAttemptAt}#${id}` } : {};
    default:
      return {};
  }
}

function emailItem(email: Email): Record<string, unknown> {
  return {
    ...keys.email(email.correspondenceId),
    recordType: 'Email',
    GSI1PK: byCase.pk(email.caseNumber),
    GSI1SK: byCase.emailSk(email.createdAt, email.correspondenceId),
    GSI2PK: byContact.pk(email.contactRef),
    GSI2SK: byContact.emailSk(email.createdAt, email.correspondenceId),
    ...queueAttributes(email),
    ...email,
  };
}

const activity = (email: Email): TransactItem => activityWrite(email, emailActivityBucket(email), email.incidentId ? { incidentId: email.incidentId } : {});

export const emailStore = {
  async get(correspondenceId: string): Promise<Email | undefined> {
    const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: keys.email(correspondenceId), ConsistentRead: true }));
    return reachable(Item && Item.recordType === 'Email' ? withoutStorageAttributes<Email>(Item) : undefined);
  },

  create(email: Email): TransactItem[] {
    return [{ Put: { TableName: table(), Item: emailItem(email), ConditionExpression: 'attribute_not_exists(PK)' } }, activity(email)];
  },

  /** The changed email, only if nobody changed it since `expectedVersion`, and its activity entry. */
  replace(email: Email, expectedVersion: number): TransactItem[] {
    return [
      { Put: { TableName: table(), Item: emailItem(email), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } } },
      activity(email),
    ];
  },

  /**
   * The sender's claim on one send attempt, before SES is called: a conditional write that only one
   * delivery of the message can win, so a redelivered or concurrent message never sends again.
   */
  async claim(email: Email, message: NonNullable<SendState['message']>, now: Date): Promise<Email | undefined> {
    const claimed: Email = { ...email, send: { ...email.send!, claimedAt: now.toISOString(), message }, version: email.version + 1 };
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: table(),
          Key: keys.email(email.correspondenceId),
          UpdateExpression: 'SET #send.claimedAt = :now, #send.message = :message, #version = :next',
          ConditionExpression: '#status = :sending AND #version = :expected AND #send.attempt = :attempt AND attribute_not_exists(#send.claimedAt)',
          ExpressionAttributeNames: { '#send': 'send', '#version': 'version', '#status': 'status' },
          ExpressionAttributeValues: { ':now': now.toISOString(), ':message': message, ':next': claimed.version, ':sending': 'Sending', ':expected': email.version, ':attempt': email.send!.attempt },
        }),
      );
      return claimed;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  },

  listForCase: (caseNumber: string, page: PageQuery): Promise<Page<Email>> => casePage(caseNumber, () => indexPrefixPage<Email>(byCase, byCase.pk(caseNumber), byCase.emailPrefix, page)),

  listForContact: (contactRef: string, page: PageQuery, onlyStatuses?: readonly string[]): Promise<Page<Email>> =>
    contactPage(contactRef, indexPrefixPage<Email>(
      byContact,
      byContact.pk(contactRef),
      byContact.emailPrefix,
      page,
      onlyStatuses && statusIn(onlyStatuses),
    )),

  /** Emails handed to the sender before `olderThan` and not finished: a lost message or a crashed send. */
  sendingSince: (olderThan: string, page: PageQuery): Promise<Page<Email>> =>
    queryPage<Email>({ IndexName: byQueue.index, KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :before', ExpressionAttributeValues: { ':pk': byQueue.emailSendPk, ':before': olderThan } }, { GSI3PK: byQueue.emailSendPk }, page),

  /** Emails whose scheduled retry is due by `now`. */
  retriesDue: (now: string, page: PageQuery): Promise<Page<Email>> =>
    queryPage<Email>({ IndexName: byQueue.index, KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK <= :now', ExpressionAttributeValues: { ':pk': byQueue.emailRetryPk, ':now': `${now}#~` } }, { GSI3PK: byQueue.emailRetryPk }, page),
};

/** Addresses that bounced permanently or were complained about: not valid until the record changes. */
export const addressMarks = {
  async get(address: string): Promise<AddressMark | undefined> {
    const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: keys.emailAddressMark(normaliseAddress(address)), ConsistentRead: true }));
    return Item ? withoutStorageAttributes<AddressMark>(Item) : undefined;
  },
  put(mark: AddressMark & { contactRef: string; correspondenceId: string }): TransactItem {
    return { Put: { TableName: table(), Item: { ...keys.emailAddressMark(normaliseAddress(mark.address)), recordType: 'EmailAddressMark', ...mark } } };
  },
};
