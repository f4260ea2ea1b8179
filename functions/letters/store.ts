import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../platform/aws-clients.ts';
import { queryPage, table, type Page, type TransactItem } from '../platform/dynamo.ts';
import { byCase, byContact, byQueue, keys, withoutStorageAttributes } from '../platform/keys.ts';
import type { PageQuery } from '../platform/shared-schemas.ts';
import type { Letter } from './schemas.ts';

function letterItem(letter: Letter): Record<string, unknown> {
  return {
    ...keys.letter(letter.correspondenceId),
    recordType: 'Letter',
    GSI1PK: byCase.pk(letter.caseNumber),
    GSI1SK: byCase.letterSk(letter.createdAt, letter.correspondenceId),
    GSI2PK: byContact.pk(letter.contactRef),
    GSI2SK: byContact.letterSk(letter.createdAt, letter.correspondenceId),
    // Sparse: only letters waiting for their PDF, so a sweep can re-send lost render jobs.
    ...(letter.status === 'Rendering' ? { GSI3PK: byQueue.renderPk, GSI3SK: `${letter.updatedAt}#${letter.correspondenceId}` } : {}),
    ...letter,
  };
}

export const letterStore = {
  async get(correspondenceId: string): Promise<Letter | undefined> {
    const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: keys.letter(correspondenceId), ConsistentRead: true }));
    return Item ? withoutStorageAttributes<Letter>(Item) : undefined;
  },

  createItem(letter: Letter): TransactItem {
    return { Put: { TableName: table(), Item: letterItem(letter), ConditionExpression: 'attribute_not_exists(PK)' } };
  },

  /** Only if nobody changed the letter since `expectedVersion`. */
  replaceItem(letter: Letter, expectedVersion: number): TransactItem {
    return { Put: { TableName: table(), Item: letterItem(letter), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } } };
  },

  listForCase(caseNumber: string, page: PageQuery): Promise<Page<Letter>> {
    const pk = byCase.pk(caseNumber);
    return queryPage<Letter>(
      { IndexName: byCase.index, KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': byCase.letterPrefix } },
      { GSI1PK: pk },
      page,
    );
  },

  listForContact(contactRef: string, page: PageQuery, onlyStatuses?: readonly string[]): Promise<Page<Letter>> {
    const pk = byContact.pk(contactRef);
    return queryPage<Letter>(
      {
        IndexName: byContact.index,
        KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :prefix)',
        ...(onlyStatuses
          ? { FilterExpression: `#status IN (${onlyStatuses.map((_, i) => `:s${i}`).join(', ')})`, ExpressionAttributeNames: { '#status': 'status' } }
          : {}),
        ExpressionAttributeValues: { ':pk': pk, ':prefix': byContact.letterPrefix, ...Object.fromEntries((onlyStatuses ?? []).map((s, i) => [`:s${i}`, s])) },
      },
      { GSI2PK: pk },
      page,
    );
  },

  waitingForRender(olderThan: string, page: PageQuery): Promise<Page<Letter>> {
    return queryPage<Letter>(
      { IndexName: byQueue.index, KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :before', ExpressionAttributeValues: { ':pk': byQueue.renderPk, ':before': olderThan } },
      { GSI3PK: byQueue.renderPk },
      page,
    );
  },
};
