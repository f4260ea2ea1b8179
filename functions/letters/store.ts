import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../platform/aws-clients.ts';
import { casePage, contactPage, reachable } from '../platform/case-reach.ts';
import { indexPrefixPage, queryPage, statusIn, table, type Page, type TransactItem } from '../platform/dynamo.ts';
import { byCase, byContact, byQueue, keys, withoutStorageAttributes } from '../platform/keys.ts';
import type { PageQuery } from '../platform/shared-schemas.ts';
import type { Letter } from './schemas.ts';
import { activityWrite } from '../correspondence/my-activity.ts';

/** Which work queue (ByQueue index) a letter is in, by its status. */
function queueAttributes(letter: Letter): Record<string, string> {
  const id = letter.correspondenceId;
  // A duplicate copy moves with its pack's cover letter; it is never in a work queue of its own.
  if (letter.packCoverId) return {};
  switch (letter.status) {
    case 'Rendering':
      return { GSI3PK: byQueue.renderPk, GSI3SK: `${letter.updatedAt}#${id}` };
    case 'Pending Approval':
      return letter.approval ? { GSI3PK: byQueue.approvalPk(letter.approval.segment), GSI3SK: `${letter.approval.submittedAt}#${id}` } : {};
    case 'Ready for Fulfilment':
      // Emailed to the print inbox (the contingency route): printed locally, not in the batch.
      return letter.generated?.fulfilment === 'external' && !letter.fulfilment?.printInboxAt ? { GSI3PK: byQueue.fulfilmentPk, GSI3SK: `${letter.readyAt ?? letter.updatedAt}#${id}` } : {};
    case 'Sent to Fulfilment House':
      return letter.fulfilment?.batchId ? { GSI3PK: byQueue.batchPk(letter.fulfilment.batchId), GSI3SK: id } : {};
    default:
      return {};
  }
}

/** The caseworker's "My Activities" bucket for a letter, or none once it needs nothing from them. */
export function activityBucket(letter: Letter): string | undefined {
  if (letter.packCoverId) return undefined;
  switch (letter.status) {
    case 'Draft':
      return letter.returnedToCaseworker ? 'returned-for-amendment' : 'draft';
    case 'Generated':
      return 'ready-to-approve-or-submit';
    case 'Pending Approval':
      return 'awaiting-approval';
    case 'Ready for Fulfilment':
      return letter.generated?.fulfilment === 'local' || letter.fulfilment?.printInboxAt ? 'ready-to-fulfil-locally' : undefined;
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
  const { duplicates, ...rest } = letter;
  return {
    ...keys.letter(letter.correspondenceId),
    recordType: 'Letter',
    GSI1PK: byCase.pk(letter.caseNumber),
    GSI1SK: byCase.letterSk(letter.createdAt, letter.correspondenceId),
    GSI2PK: byContact.pk(letter.contactRef),
    GSI2SK: byContact.letterSk(letter.createdAt, letter.correspondenceId),
    ...queueAttributes(letter),
    ...rest,
    // A string set, so copies of one original made by two packs at once never conflict (see duplicateAdded).
    ...(duplicates?.length ? { duplicates: new Set(duplicates) } : {}),
  };
}

/** A letter as callers see it: its duplicates as a list, oldest id order. */
export function letterFromItem(item: Record<string, unknown>): Letter {
  const letter = withoutStorageAttributes<Letter & { duplicates?: Set<string> | string[] }>(item);
  return letter.duplicates ? { ...letter, duplicates: [...letter.duplicates].sort() } : letter;
}

const mapLetters = (page: Page<Record<string, unknown>>): Page<Letter> => ({ ...page, items: page.items.map(letterFromItem) });

/** Issued letters only (sent to the Fulfilment House or Successfully Fulfilled), optionally by template, recipient and issue date. */
export interface IssuedFilter {
  readonly templateId?: string | undefined;
  readonly contactRef?: string | undefined;
  readonly issuedFrom?: string | undefined;
  readonly issuedTo?: string | undefined;
}

export const issuedStatuses = ['Sent to Fulfilment House', 'Successfully Fulfilled'] as const;

function issuedFilter(filter: IssuedFilter) {
  const parts = ['#status IN (:issued0, :issued1)'];
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':issued0': issuedStatuses[0], ':issued1': issuedStatuses[1] };
  if (filter.templateId) {
    parts.push('#template.#id = :templateId');
    Object.assign(names, { '#template': 'template', '#id': 'id' });
    values[':templateId'] = filter.templateId;
  }
  if (filter.contactRef) {
    parts.push('contactRef = :contactRef');
    values[':contactRef'] = filter.contactRef;
  }
  if (filter.issuedFrom || filter.issuedTo) Object.assign(names, { '#generated': 'generated', '#issueDate': 'issueDate' });
  if (filter.issuedFrom) {
    parts.push('#generated.#issueDate >= :from');
    values[':from'] = filter.issuedFrom;
  }
  if (filter.issuedTo) {
    parts.push('#generated.#issueDate <= :to');
    values[':to'] = filter.issuedTo;
  }
  return { expression: parts.join(' AND '), names, values };
}

export const letterStore = {
  async get(correspondenceId: string): Promise<Letter | undefined> {
    const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: keys.letter(correspondenceId), ConsistentRead: true }));
    return reachable(Item && Item.recordType === 'Letter' ? letterFromItem(Item) : undefined);
  },

  /** A new letter and its activity entry. The letter write is always the first item. */
  create(letter: Letter): TransactItem[] {
    // A duplicate copy is never anyone's activity: it moves with its cover letter.
    return [{ Put: { TableName: table(), Item: letterItem(letter), ConditionExpression: 'attribute_not_exists(PK)' } }, ...(letter.packCoverId ? [] : [activity(letter)])];
  },

  /** The changed letter, only if nobody changed it since `expectedVersion`, and its activity entry. */
  replace(letter: Letter, expectedVersion: number): TransactItem[] {
    return [
      { Put: { TableName: table(), Item: letterItem(letter), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } } },
      ...(letter.packCoverId ? [] : [activity(letter)]),
    ];
  },

  /**
   * The original lists its duplicate: added to a set, with a version bump so a concurrent
   * read-modify-write of the original (a returned letter) gets its 409 rather than losing the copy.
   */
  duplicateAdded(originalId: string, copyId: string): TransactItem {
    return {
      Update: {
        TableName: table(),
        Key: keys.letter(originalId),
        UpdateExpression: 'ADD duplicates :copy SET #version = #version + :one',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':copy': new Set([copyId]), ':one': 1 },
      },
    };
  },

  listForCase: async (caseNumber: string, page: PageQuery, filter?: IssuedFilter): Promise<Page<Letter>> =>
    casePage(caseNumber, async () => mapLetters(await indexPrefixPage<Record<string, unknown>>(byCase, byCase.pk(caseNumber), byCase.letterPrefix, page, filter && issuedFilter(filter)))),

  listForContact: async (contactRef: string, page: PageQuery, onlyStatuses?: readonly string[]): Promise<Page<Letter>> =>
    contactPage(contactRef, indexPrefixPage<Record<string, unknown>>(
      byContact,
      byContact.pk(contactRef),
      byContact.letterPrefix,
      page,
      onlyStatuses && statusIn(onlyStatuses),
    ).then(mapLetters)),

  waitingForRender(olderThan: string, page: PageQuery): Promise<Page<Letter>> {
    return queryPage<Letter>(
      { IndexName: byQueue.index, KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :before', ExpressionAttributeValues: { ':pk': byQueue.renderPk, ':before': olderThan } },
      { GSI3PK: byQueue.renderPk },
      page,
    );
  },
};
