import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../platform/aws-clients.ts';
import { indexPrefixPage, queryPage, table, type Page, type TransactItem } from '../platform/dynamo.ts';
import { byCase, byContact, byQueue, keys, withoutStorageAttributes } from '../platform/keys.ts';
import type { PageQuery } from '../platform/shared-schemas.ts';
import type { Note, ServiceRequest, SrContact } from './schemas.ts';

/** The reference a contact is filed under: SCIN, ERN or TRN. */
export const contactRef = (contact: SrContact | undefined): string | undefined => {
  if (!contact) return undefined;
  switch (contact.type) {
    case 'client':
    case 'representative':
      return contact.scin;
    case 'employer':
      return contact.ern;
    case 'third-party':
      return contact.trn;
  }
};

function srItem(sr: ServiceRequest): Record<string, unknown> {
  const ref = contactRef(sr.contact);
  const awaitingAllocation = sr.status === 'Pending Assignment' && !sr.assignedTo;
  return {
    ...keys.serviceRequest(sr.srNumber),
    recordType: 'ServiceRequest',
    GSI1PK: byCase.pk(sr.caseNumber),
    GSI1SK: byCase.serviceRequestSk(sr.createdAt, sr.srNumber),
    ...(ref ? { GSI2PK: byContact.pk(ref), GSI2SK: byContact.serviceRequestSk(sr.createdAt, sr.srNumber) } : {}),
    ...(awaitingAllocation ? { GSI3PK: byQueue.allocationPk, GSI3SK: byQueue.allocationSk(sr.updatedAt, sr.srNumber) } : {}),
    ...sr,
  };
}

export const serviceRequestStore = {
  async get(srNumber: string): Promise<ServiceRequest | undefined> {
    const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: keys.serviceRequest(srNumber), ConsistentRead: true }));
    return Item ? withoutStorageAttributes<ServiceRequest>(Item) : undefined;
  },

  /** Put of a new SR; fails if the SR number is taken. */
  createItem(sr: ServiceRequest): TransactItem {
    return { Put: { TableName: table(), Item: srItem(sr), ConditionExpression: 'attribute_not_exists(PK)' } };
  },

  /** Put of a changed SR, only if nobody changed it since `expectedVersion` was read. */
  replaceItem(sr: ServiceRequest, expectedVersion: number): TransactItem {
    return {
      Put: {
        TableName: table(),
        Item: srItem(sr),
        ConditionExpression: 'attribute_exists(PK) AND version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      },
    };
  },

  existsCheck(srNumber: string): TransactItem {
    return { ConditionCheck: { TableName: table(), Key: keys.serviceRequest(srNumber), ConditionExpression: 'attribute_exists(PK)' } };
  },

  noteItem(note: Note): TransactItem {
    return {
      Put: {
        TableName: table(),
        Item: { ...keys.note(note.srNumber, note.noteId), recordType: 'Note', ...note },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
  },

  listForCase: (caseNumber: string, page: PageQuery): Promise<Page<ServiceRequest>> =>
    indexPrefixPage<ServiceRequest>(byCase, byCase.pk(caseNumber), byCase.serviceRequestPrefix, page),

  listForContact: (ref: string, page: PageQuery): Promise<Page<ServiceRequest>> =>
    indexPrefixPage<ServiceRequest>(byContact, byContact.pk(ref), byContact.serviceRequestPrefix, page),

  listNotes(srNumber: string, page: PageQuery): Promise<Page<Note>> {
    const { PK } = keys.serviceRequest(srNumber);
    return queryPage<Note>(
      { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)', ExpressionAttributeValues: { ':pk': PK, ':prefix': keys.notePrefix } },
      { PK },
      page,
    );
  },

  /** SRs that have waited for allocation since before `olderThan` (the allocation message may have been lost). */
  awaitingAllocation(olderThan: string, page: PageQuery): Promise<Page<ServiceRequest>> {
    return queryPage<ServiceRequest>(
      {
        IndexName: byQueue.index,
        KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :before',
        ExpressionAttributeValues: { ':pk': byQueue.allocationPk, ':before': olderThan },
      },
      { GSI3PK: byQueue.allocationPk },
      page,
    );
  },
};
