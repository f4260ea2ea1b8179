import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../platform/aws-clients.ts';
import { indexPrefixPage, queryPage, table, type Page, type TransactItem } from '../platform/dynamo.ts';
import { byCase, byContact, byQueue, keys, withoutStorageAttributes } from '../platform/keys.ts';
import type { PageQuery } from '../platform/shared-schemas.ts';
import type { Letter } from './schemas.ts';
import { activityWrite } from '../correspondence/my-activity.ts';

/** Which work queue (ByQueue index) a letter is in, by its status. */
function queueAttributes(letter: Letter): Record<string, string> {
  const id = letter.correspondenceId;
  switch (letter.status) {
    case 'Rendering':
      return { GSI3PK: byQueue.renderPk, GSI3SK: `${letter.updatedAt}#${id}` };
    case 'Pending Approval':
      return letter.approval ? { GSI3PK: byQueue.approvalPk(letter.approval.segment), GSI3SK: `${letter.approval.submittedAt}#${id}` } : {};
    case 'Ready for Fulfilment':
      return letter.generated?.fulfilment === 'external' ? { GSI3PK: byQueue.fulfilmentPk, GSI3SK: `${letter.readyAt ?? letter.updatedAt}#${id}` } : {};
    case 'Sent to Fulfilment House':
      return letter.fulfilment?.batchId ? { GSI3PK: byQueue.batchPk(letter.fulfilment.batchId), GSI3SK: id } : {};
    default:
      return {};
  }
}

/** The caseworker's "My Activities" bucket for a letter, or none once it needs nothing from them. */
export function activityBucket(letter: Letter): string | undefined {
  switch (letter.status) {
    case 'Draft':
      return letter.returnedToCaseworker ? 'returned-for-amendment' : 'draft';
    case 'Generated':
      return 'ready-to-approve-or-submit';
    case 'Pending Approval':
      return 'awaiting-approval';
    case 'Ready for Fulfilment':
      return letter.generated?.fulfilment === 'local' ? 'ready-to-fulfil-locally' : undefined;
    case 'Held':
      return 'held';
    case 'Error In Generation':
    case 'Error in Fulfilment':
      return 'error';
    default:
      return undefined;
  }
}

const activity = (letter: Letter): TransactItem => activityWrite(letter, activityBucket(letter));

function letterItem(letter: Letter): Record<string, unknown> {
  return {
    ...keys.letter(letter.correspondenceId),
    recordType: 'Letter',
    GSI1PK: byCase.pk(letter.caseNumber),
    GSI1SK: byCase.letterSk(letter.createdAt, letter.correspondenceId),
    GSI2PK: byContact.pk(letter.contactRef),
    GSI2SK: byContact.letterSk(letter.createdAt, letter.correspondenceId),
    ...queueAttributes(letter),
    ...letter,
  };
}

export const letterStore = {
  async get(correspondenceId: string): Promise<Letter | undefined> {
    const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: keys.letter(correspondenceId), ConsistentRead: true }));
    return Item ? withoutStorageAttributes<Letter>(Item) : undefined;
  },

  /** A new letter and its activity entry. The letter write is always the first item. */
  create(letter: Letter): TransactItem[] {
    return [{ Put: { TableName: table(), Item: letterItem(letter), ConditionExpression: 'attribute_not_exists(PK)' } }, activity(letter)];
  },

  /** The changed letter, only if nobody changed it since `expectedVersion`, and its activity entry. */
  replace(letter: Letter, expectedVersion: number): TransactItem[] {
    return [
      { Put: { TableName: table(), Item: letterItem(letter), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } } },
      activity(letter),
    ];
  },

  listForCase: (caseNumber: string, page: PageQuery): Promise<Page<Letter>> => indexPrefixPage<Letter>(byCase, byCase.pk(caseNumber), byCase.letterPrefix, page),

  listForContact: (contactRef: string, page: PageQuery, onlyStatuses?: readonly string[]): Promise<Page<Letter>> =>
    indexPrefixPage<Letter>(
      byContact,
      byContact.pk(contactRef),
      byContact.letterPrefix,
      page,
      onlyStatuses && {
        expression: `#status IN (${onlyStatuses.map((_, i) => `:s${i}`).join(', ')})`,
        names: { '#status': 'status' },
        values: Object.fromEntries(onlyStatuses.map((status, i) => [`:s${i}`, status])),
      },
    ),

  waitingForRender(olderThan: string, page: PageQuery): Promise<Page<Letter>> {
    return queryPage<Letter>(
      { IndexName: byQueue.index, KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :before', ExpressionAttributeValues: { ':pk': byQueue.renderPk, ':before': olderThan } },
      { GSI3PK: byQueue.renderPk },
      page,
    );
  },
};
