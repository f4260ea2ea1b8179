import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../platform/aws-clients.ts';
import { casePage, contactPage, reachable } from '../platform/case-reach.ts';
import { assertSegment } from '../platform/access.ts';
import { indexPrefixPage, queryPage, table, type Page, type TransactItem } from '../platform/dynamo.ts';
import { byCase, byContact, byQueue, keys, withoutStorageAttributes } from '../platform/keys.ts';
import type { PageQuery } from '../platform/shared-schemas.ts';
import type { EnquiryDue, Note, ServiceRequest, SrContact } from './schemas.ts';

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

/**
 * Fields the SR's own writers never overwrite. Correspondence on the SR enters and leaves the SR's
 * approval set (`awaitingApproval`, a string set) with commutative ADD and DELETE updates that leave the
 * SR's version alone, so two letters or emails of one SR never conflict with each other or with the
 * caseworker's edits; the enquiry's response is recorded the same way. The SR reads as Pending Approval
 * while the set is not empty.
 */
const systemManaged = ['awaitingApproval', 'lettersAwaitingApproval', 'enquiry', 'enquiryRespondedAt', 'enquiryRespondedWith'] as const;

/** Optional fields a replace may clear (REMOVE when absent). */
const clearable = ['contact', 'description', 'subStatus', 'assignedTo', 'callBack', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'] as const;

function srItem(sr: ServiceRequest): Record<string, unknown> {
  const ref = contactRef(sr.contact);
  const awaitingAllocation = sr.status === 'Pending Assignment' && !sr.assignedTo;
  const item: Record<string, unknown> = {
    ...keys.serviceRequest(sr.srNumber),
    recordType: 'ServiceRequest',
    GSI1PK: byCase.pk(sr.caseNumber),
    GSI1SK: byCase.serviceRequestSk(sr.createdAt, sr.srNumber),
    ...(ref ? { GSI2PK: byContact.pk(ref), GSI2SK: byContact.serviceRequestSk(sr.createdAt, sr.srNumber) } : {}),
    ...(awaitingAllocation ? { GSI3PK: byQueue.allocationPk, GSI3SK: byQueue.allocationSk(sr.updatedAt, sr.srNumber) } : {}),
    ...sr,
  };
  delete item.lettersAwaitingApproval;
  // Stored as the SR's own status; Pending Approval is derived from the approval set on read.
  if (item.status === 'Pending Approval') item.status = 'In Progress';
  return item;
}

/** The SR as callers see it: the approval set as a list, and Pending Approval while it is not empty. */
export function fromItem(item: Record<string, unknown>): ServiceRequest {
  const { awaitingApproval, enquiryRespondedAt, enquiryRespondedWith, ...sr } = withoutStorageAttributes<ServiceRequest & { awaitingApproval?: Set<string>; enquiryRespondedAt?: string; enquiryRespondedWith?: string }>(item);
  const waiting = [...(awaitingApproval ?? [])].sort();
  const enquiry = sr.enquiry && enquiryRespondedAt ? { ...sr.enquiry, respondedAt: enquiryRespondedAt, ...(enquiryRespondedWith ? { respondedWith: enquiryRespondedWith } : {}) } : sr.enquiry;
  return { ...sr, ...(enquiry ? { enquiry } : {}), status: waiting.length > 0 && sr.status === 'In Progress' ? 'Pending Approval' : sr.status, lettersAwaitingApproval: waiting };
}

async function mapPage(page: Promise<Page<Record<string, unknown>>>): Promise<Page<ServiceRequest>> {
  const { items, nextCursor } = await page;
  return { items: items.map(fromItem), ...(nextCursor ? { nextCursor } : {}) };
}

export const serviceRequestStore = {
  async get(srNumber: string): Promise<ServiceRequest | undefined> {
    const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: keys.serviceRequest(srNumber), ConsistentRead: true }));
    return reachable(Item ? fromItem(Item) : undefined);
  },

  /** Put of a new SR; fails if the SR number is taken. */
  createItem(sr: ServiceRequest): TransactItem {
    return { Put: { TableName: table(), Item: srItem(sr), ConditionExpression: 'attribute_not_exists(PK)' } };
  },

  /**
   * A changed SR, only if nobody changed it since `expectedVersion` was read. An Update rather than a
   * Put, so the system-managed fields (the approval set, the enquiry) written meanwhile survive.
   * `noneAwaitingApproval` also requires the approval set to be empty (a status change must not slip
   * past correspondence submitted a moment ago).
   */
  replaceItem(sr: ServiceRequest, expectedVersion: number, options: { noneAwaitingApproval?: boolean } = {}): TransactItem {
    const item = srItem(sr);
    const set = Object.entries(item).filter(([name, value]) => !['PK', 'SK'].includes(name) && !(systemManaged as readonly string[]).includes(name) && value !== undefined);
    const remove = clearable.filter((name) => item[name] === undefined);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':expected': expectedVersion };
    const assignments = set.map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      return `#f${i} = :f${i}`;
    });
    const removals = remove.map((name, i) => {
      names[`#r${i}`] = name;
      return `#r${i}`;
    });
    names['#version'] = 'version';
    return {
      Update: {
        TableName: table(),
        Key: keys.serviceRequest(sr.srNumber),
        UpdateExpression: `SET ${assignments.join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
        ConditionExpression: `attribute_exists(PK) AND #version = :expected${options.noneAwaitingApproval ? ' AND attribute_not_exists(awaitingApproval)' : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  },

  /** Correspondence enters the SR's approval set, if the SR is In Progress (no version change: see systemManaged). */
  awaitingApprovalAdded(srNumber: string, correspondenceId: string): TransactItem {
    return {
      Update: {
        TableName: table(),
        Key: keys.serviceRequest(srNumber),
        UpdateExpression: 'ADD awaitingApproval :id',
        ConditionExpression: 'attribute_exists(PK) AND #status = :inProgress',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':id': new Set([correspondenceId]), ':inProgress': 'In Progress' },
      },
    };
  },

  /** Correspondence leaves the SR's approval set (an empty set disappears: the SR is In Progress again). */
  awaitingApprovalRemoved(srNumber: string, correspondenceId: string): TransactItem {
    return {
      Update: { TableName: table(), Key: keys.serviceRequest(srNumber), UpdateExpression: 'DELETE awaitingApproval :id', ConditionExpression: 'attribute_exists(PK)', ExpressionAttributeValues: { ':id': new Set([correspondenceId]) } },
    };
  },

  /**
   * An email sent or a letter issued on the SR answers its enquiry: the first answer is kept, and the SR
   * leaves its segment's list of enquiries due. Harmless on an SR that is not an enquiry.
   */
  enquiryAnswered(srNumber: string, correspondenceId: string, now: Date): TransactItem[] {
    return [
      {
        Update: {
          TableName: table(),
          Key: keys.serviceRequest(srNumber),
          UpdateExpression: 'SET enquiryRespondedAt = if_not_exists(enquiryRespondedAt, :at), enquiryRespondedWith = if_not_exists(enquiryRespondedWith, :id)',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': now.toISOString(), ':id': correspondenceId },
        },
      },
      { Delete: { TableName: table(), Key: keys.enquiryDue(srNumber) } },
    ];
  },

  /** The SR in its segment's list of enquiries due, by due date (ByQueue ENQUIRYDUE#<segment>). */
  enquiryDueItem(sr: ServiceRequest, segment: string): TransactItem {
    const enquiry = sr.enquiry!;
    return {
      Put: {
        TableName: table(),
        Item: {
          ...keys.enquiryDue(sr.srNumber),
          recordType: 'EnquiryDue',
          GSI3PK: byQueue.enquiryDuePk(segment),
          GSI3SK: byQueue.enquiryDueSk(enquiry.dueBy, sr.srNumber),
          srNumber: sr.srNumber,
          caseNumber: sr.caseNumber,
          segment,
          process: sr.process,
          area: sr.area,
          subArea: sr.subArea,
          receivedAt: enquiry.receivedAt,
          dueBy: enquiry.dueBy,
          ...(enquiry.scenario ? { scenario: enquiry.scenario } : {}),
          ...(sr.contact ? { contact: sr.contact } : {}),
        },
      },
    };
  },

  enquiryDueRemoved: (srNumber: string): TransactItem => ({ Delete: { TableName: table(), Key: keys.enquiryDue(srNumber) } }),

  /** A segment's unanswered enquiries due on or before `dueBy` (YYYY-MM-DD), the most overdue first. */
  enquiriesDue(segment: string, dueBy: string, page: PageQuery): Promise<Page<EnquiryDue>> {
    assertSegment(segment, `segment ${segment}`);
    const pk = byQueue.enquiryDuePk(segment);
    return queryPage<EnquiryDue>(
      { IndexName: byQueue.index, KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :after', ExpressionAttributeValues: { ':pk': pk, ':after': `${dueBy}#~` } },
      { GSI3PK: pk },
      page,
    );
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
    casePage(caseNumber, () => mapPage(indexPrefixPage<Record<string, unknown>>(byCase, byCase.pk(caseNumber), byCase.serviceRequestPrefix, page))),

  listForContact: (ref: string, page: PageQuery): Promise<Page<ServiceRequest>> =>
    contactPage(ref, mapPage(indexPrefixPage<Record<string, unknown>>(byContact, byContact.pk(ref), byContact.serviceRequestPrefix, page))),

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
