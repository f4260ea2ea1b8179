import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { caseStore, clientStore } from '../cases/store.ts';
import { auditItem, type AuditActor } from '../platform/audit.ts';
import { queueUrl, sqs } from '../platform/aws-clients.ts';
import { ConditionFailed, transact, type TransactItem } from '../platform/dynamo.ts';
import type { HttpResult, Idempotency } from '../platform/http-handler.ts';
import { createOnce } from '../platform/idempotency.ts';
import { newEventId, newSrNumber } from '../platform/identifiers.ts';
import { keys } from '../platform/keys.ts';
import { logger } from '../platform/logger.ts';
import { Problem } from '../platform/problem.ts';
import { saveOrConflict } from '../platform/save.ts';
import { workAllocationQueue } from '../platform/resources.ts';
import { allocate } from './domain/allocation.ts';
import { changeStatus, newActivityPlan, setStepDone } from './domain/lifecycle.ts';
import { findSrType, srTypes } from './domain/sr-types.ts';
import { getRecord as getThirdPartyRecord } from '../third-parties/store.ts';
import type { CallBack, ChangeStatus, CreateServiceRequest, Enquiry, Note, ServiceRequest, SrType } from './schemas.ts';
import { enquiryDueDate } from '../platform/working-days.ts';
import { contactRef, serviceRequestStore as store } from './store.ts';
import { duplicateRequestStore } from '../duplicates/store.ts';
import type { Case } from '../cases/schemas.ts';

/** The service request facade: every SR change goes through here, with its audit event in the same transaction. */

const entityOf = (sr: ServiceRequest) => ({ type: 'ServiceRequest', id: sr.srNumber, pk: keys.serviceRequest(sr.srNumber).PK });

const audit = (actor: AuditActor, action: string, before: ServiceRequest | undefined, after: ServiceRequest, now: Date): TransactItem =>
  auditItem({
    actor,
    action,
    entity: entityOf(after),
    caseNumber: after.caseNumber,
    contactRef: contactRef(after.contact),
    before: before as Record<string, unknown> | undefined,
    after: after as Record<string, unknown>,
    now,
  });

function srTypeOrRefuse(request: { process: string; area: string; subArea: string }): SrType {
  const type = findSrType(request);
  if (type) return type;
  const sameArea = srTypes.filter((t) => t.process === request.process && t.area === request.area).map((t) => t.subArea);
  const sameProcess = [...new Set(srTypes.filter((t) => t.process === request.process).map((t) => t.area))];
  const hint =
    sameArea.length > 0 ? `Sub Areas of ${request.process} / ${request.area}: ${sameArea.join(', ')}.`
    : sameProcess.length > 0 ? `Areas of ${request.process}: ${sameProcess.join(', ')}.`
    : `Processes: ${[...new Set(srTypes.map((t) => t.process))].join(', ')}.`;
  throw new Problem('businessRule', `${request.process} / ${request.area} / ${request.subArea} is not an SR type. ${hint}`, {
    errors: [{ field: 'body.subArea', rule: 'Process / Area / Sub Area must be a combination in the SR type catalogue (GET /service-request-types)' }],
  });
}

/** The contact must be a party to the case (a representative: the active representative of a parent on it). */
async function checkContactOnCase(request: CreateServiceRequest, owningCase: Case): Promise<void> {
  const contact = request.contact;
  if (!contact) return;
  const refuse = (rule: string) => {
    throw new Problem('businessRule', `The contact is not on case ${owningCase.caseNumber}: ${rule}.`, { errors: [{ field: 'body.contact', rule }] });
  };
  if (contact.type === 'client' && ![owningCase.receivingParent, owningCase.payingParent].includes(contact.scin)) {
    refuse('a client contact must be the receiving or paying parent of the case');
  }
  if (contact.type === 'employer' && !owningCase.employers.includes(contact.ern)) refuse('an employer contact must be an employer on the case');
  if (contact.type === 'third-party') {
    // A named contact is linked only together with its organisation, and both must be active.
    const record = await getThirdPartyRecord(contact.trn);
    if (!record) refuse('a third-party contact must be an organisation in the directory');
    else if (record.organisation.status !== 'active') refuse('the third-party organisation must be active');
    else if (contact.contactId && record.contacts.find((c) => c.contactId === contact.contactId)?.status !== 'active') {
      refuse('the named contact must be an active contact of the organisation');
    }
  }
  if (contact.type === 'representative') {
    const parents = await Promise.all([owningCase.receivingParent, owningCase.payingParent].map((scin) => clientStore.get(scin)));
    const represents = parents.some((p) => p?.representative?.active && p.representative.scin === contact.scin);
    if (!represents) refuse('a representative contact must be the active representative of a parent on the case');
  }
}

async function caseOrRefuse(caseNumber: string): Promise<Case> {
  const found = await caseStore.get(caseNumber);
  if (!found) {
    throw new Problem('businessRule', `There is no case ${caseNumber}.`, { errors: [{ field: 'body.caseNumber', rule: 'must be an existing case' }] });
  }
  return found;
}

export interface RaiseOptions {
  /** Routed contact goes straight to work allocation. */
  readonly pendingAssignment?: boolean;
  readonly callBack?: CallBack;
}

/** A client enquiry SR records when the enquiry arrived and when it is due (2 working days later). */
function enquiryOf(type: SrType, request: CreateServiceRequest, now: Date): Enquiry | undefined {
  const given = request.enquiry;
  if (!type.enquiry) {
    if (given) throw new Problem('validation', `${type.process} / ${type.area} / ${type.subArea} is not a client enquiry.`, { errors: [{ field: 'body.enquiry', rule: 'only for client enquiry SR types' }] });
    return undefined;
  }
  if (given?.scenario && !(type.scenarios ?? []).includes(given.scenario)) {
    throw new Problem('validation', `${type.process} / ${type.area} / ${type.subArea} does not record an enquiry scenario.`, { errors: [{ field: 'body.enquiry.scenario', rule: `must be one of: ${(type.scenarios ?? []).join(', ') || 'none for this SR type'}` }] });
  }
  const receivedAt = given?.receivedAt ? new Date(given.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime()) throw new Problem('validation', 'The enquiry cannot have arrived in the future.', { errors: [{ field: 'body.enquiry.receivedAt', rule: 'must not be in the future' }] });
  let dueBy: string;
  try {
    dueBy = enquiryDueDate(receivedAt);
  } catch {
    throw new Problem('validation', 'The enquiry date is outside the years the bank holiday calendar covers.', { errors: [{ field: 'body.enquiry.receivedAt', rule: 'must be within the years of the bank holiday calendar' }] });
  }
  return { receivedAt: receivedAt.toISOString(), dueBy, ...(given?.scenario ? { scenario: given.scenario } : {}) };
}

export interface RaisedServiceRequest {
  readonly sr: ServiceRequest;
  /** The SR, its audit event and (for an enquiry) its place in the segment's list of enquiries due. */
  readonly items: TransactItem[];
}

/**
 * Checks a new SR and builds its writes, for the caller's transaction (createServiceRequest; an email
 * request that raises its enquiry SR). `inProgress` starts it at once, with its activity plan.
 */
export async function raiseServiceRequest(request: CreateServiceRequest, actor: AuditActor, now: Date, options: RaiseOptions & { inProgress?: boolean; assignToOwner?: boolean } = {}): Promise<() => RaisedServiceRequest> {
  const type = srTypeOrRefuse(request);
  if (options.pendingAssignment && !type.pendingAssignment.allowed) throw new Problem('pendingAssignmentRefused', type.pendingAssignment.reason);
  const enquiry = enquiryOf(type, request, now);
  const owningCase = await caseOrRefuse(request.caseNumber);
  await checkContactOnCase(request, owningCase);
  // A function, so each attempt draws a new SR number.
  return () => {
    const sr: ServiceRequest = {
      srNumber: newSrNumber(),
      caseNumber: request.caseNumber,
      ...(request.contact ? { contact: request.contact } : {}),
      process: type.process,
      area: type.area,
      subArea: type.subArea,
      channel: request.channel,
      ...(request.description ? { description: request.description } : {}),
      status: options.pendingAssignment ? 'Pending Assignment' : options.inProgress ? 'In Progress' : 'Open',
      ...(options.pendingAssignment ? { subStatus: 'Awaiting Allocation' } : {}),
      // Straight to the case's owner, never through Pending Assignment (e.g. Reissue Correspondence).
      ...(options.assignToOwner ? { subStatus: 'Assigned', assignedTo: { ...allocate(type, owningCase), assignedAt: now.toISOString() } } : {}),
      activityPlan: options.inProgress ? newActivityPlan(type) : [],
      ...(options.callBack ? { callBack: options.callBack } : {}),
      ...(enquiry ? { enquiry } : {}),
      createdBy: actor.id,
      createdAt: now.toISOString(),
      updatedBy: actor.id,
      updatedAt: now.toISOString(),
      version: 1,
    };
    return { sr, items: [store.createItem(sr), audit(actor, 'ServiceRequestCreated', undefined, sr, now), ...(enquiry ? [store.enquiryDueItem(sr, owningCase.owningSegment)] : [])] };
  };
}

export async function createServiceRequest(request: CreateServiceRequest, actor: AuditActor, idempotency: Idempotency | undefined, now: Date, options: RaiseOptions = {}): Promise<HttpResult> {
  const raise = await raiseServiceRequest(request, actor, now, options);
  for (let attempt = 0; ; attempt++) {
    const { sr, items } = raise();
    try {
      const result = await createOnce(idempotency, async () => ({
        items,
        result: { status: 201, body: sr, version: sr.version, headers: { location: `/service-requests/${sr.srNumber}` } },
      }));
      // Also on a replay: allocation is idempotent, and the first attempt's message may have been lost.
      if (options.pendingAssignment) await requestAllocation(result.body as ServiceRequest);
      return result;
    } catch (error) {
      // SR numbers are random: on the rare clash, draw another.
      if (error instanceof ConditionFailed && error.failed.includes(0) && attempt < 3) continue;
      throw error;
    }
  }
}

export async function getServiceRequest(srNumber: string): Promise<ServiceRequest> {
  const sr = await store.get(srNumber);
  if (!sr) throw new Problem('notFound', `There is no service request ${srNumber}.`);
  return sr;
}

function assertVersion(sr: ServiceRequest, expectedVersion: number | undefined): void {
  if (expectedVersion !== sr.version) {
    throw new Problem('conflict', `${sr.srNumber} is at version ${sr.version}, not ${expectedVersion}: someone changed it since you read it. Read it again and reapply your change.`, {
      currentVersion: sr.version,
    });
  }
}

const save = (items: TransactItem[]) => saveOrConflict(items, 'The service request');

const noteOf = (sr: ServiceRequest, text: string, kind: Note['kind'], actor: AuditActor, now: Date): Note => ({
  noteId: newEventId(now),
  srNumber: sr.srNumber,
  kind,
  text,
  author: actor.id,
  authorRole: actor.role,
  createdAt: now.toISOString(),
});

/** A status change's writes for the caller's transaction: the SR, its audit event, the note, the enquiry list. */
export function statusChangeWrites(sr: ServiceRequest, request: ChangeStatus, actor: AuditActor, now: Date): { next: ServiceRequest; needsAllocation: boolean; items: TransactItem[] } {
  const type = findSrType(sr);
  if (!type) throw new Problem('businessRule', `${sr.srNumber} has an SR type that is no longer in the catalogue.`);
  const { next, needsAllocation } = changeStatus(sr, type, request, actor, now);
  const items = [store.replaceItem(next, sr.version, { noneAwaitingApproval: true }), audit(actor, 'ServiceRequestStatusChanged', sr, next, now)];
  if (next.status === 'Closed' && sr.enquiry && !sr.enquiry.respondedAt) items.push(store.enquiryDueRemoved(sr.srNumber));
  if (request.note) {
    const kind = next.status === 'Closed' && next.subStatus !== 'Complete' ? 'decision' : 'note';
    items.push(store.noteItem(noteOf(sr, request.note, kind, actor, now)));
  }
  return { next, needsAllocation, items };
}

export async function changeServiceRequestStatus(srNumber: string, request: ChangeStatus, expectedVersion: number | undefined, actor: AuditActor, now: Date): Promise<ServiceRequest> {
  const sr = await getServiceRequest(srNumber);
  assertVersion(sr, expectedVersion);
  const { next, needsAllocation, items } = statusChangeWrites(sr, request, actor, now);
  await save([...items, ...(await duplicateRequestClosed(sr, next, request, actor, now))]);
  if (needsAllocation) await requestAllocation(next);
  return next;
}

/**
 * A Reissue Correspondence SR closed other than by deciding its duplicate request (e.g. Withdrawn): the
 * request must not stay "received" for ever. Closed for a reason, it shows declined with the closing
 * note as the reason the client is told.
 */
async function duplicateRequestClosed(sr: ServiceRequest, next: ServiceRequest, request: ChangeStatus, actor: AuditActor, now: Date): Promise<TransactItem[]> {
  if (next.status !== 'Closed' || next.subStatus === 'Complete' || sr.subArea !== 'Reissue Correspondence') return [];
  const pending = await duplicateRequestStore.get(sr.srNumber);
  if (!pending || (pending.state !== 'received' && pending.state !== 'being-considered')) return [];
  const reason = request.note ?? next.subStatus ?? 'Closed';
  return [duplicateRequestStore.replace({ ...pending, state: 'declined', decision: { outcome: 'declined', reason, by: actor.id, at: now.toISOString() }, updatedAt: now.toISOString(), version: pending.version + 1 }, pending.version)];
}

/** A note for the caller's transaction (e.g. a decision recorded with the change it explains). */
export const noteWrite = (sr: ServiceRequest, text: string, kind: Note['kind'], actor: AuditActor, now: Date): TransactItem => store.noteItem(noteOf(sr, text, kind, actor, now));

/** Hands the SR to work allocation. A lost message is re-sent by the requeueUnallocated schedule. */
export async function requestAllocation(sr: Pick<ServiceRequest, 'srNumber'>): Promise<void> {
  try {
    await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl(workAllocationQueue), MessageBody: JSON.stringify({ srNumber: sr.srNumber }) }));
  } catch (error) {
    logger.warn('allocation message not sent; the requeue schedule will retry', { srNumber: sr.srNumber, error: (error as Error).name });
  }
}

export async function updateActivityStep(srNumber: string, stepId: string, done: boolean, expectedVersion: number | undefined, actor: AuditActor, now: Date): Promise<ServiceRequest> {
  const sr = await getServiceRequest(srNumber);
  assertVersion(sr, expectedVersion);
  const next = setStepDone(sr, stepId, done, actor, now);
  await save([store.replaceItem(next, sr.version), audit(actor, done ? 'ActivityStepDone' : 'ActivityStepReopened', sr, next, now)]);
  return next;
}

export async function addNote(srNumber: string, text: string, kind: Note['kind'], actor: AuditActor, idempotency: Idempotency | undefined, now: Date): Promise<HttpResult> {
  const sr = await getServiceRequest(srNumber);
  const note = noteOf(sr, text, kind, actor, now);
  try {
    return await createOnce(idempotency, async () => ({
      items: [
        store.existsCheck(srNumber),
        store.noteItem(note),
        auditItem({ actor, action: 'NoteAdded', entity: entityOf(sr), caseNumber: sr.caseNumber, contactRef: contactRef(sr.contact), after: { note: { kind, text } }, now }),
      ],
      result: { status: 201, body: note },
    }));
  } catch (error) {
    if (error instanceof ConditionFailed) throw new Problem('notFound', `There is no service request ${srNumber}.`);
    throw error;
  }
}

/**
 * Work allocation for one SR: assigns it to the case's owning caseworker or segment (or the team its
 * type belongs to). Idempotent: an SR already assigned or no longer waiting is left alone.
 */
export async function allocateServiceRequest(srNumber: string, actor: AuditActor, now: Date): Promise<'assigned' | 'skipped'> {
  const sr = await store.get(srNumber);
  if (!sr || sr.status !== 'Pending Assignment' || sr.assignedTo) return 'skipped';
  const type = findSrType(sr);
  const owningCase = await caseStore.get(sr.caseNumber);
  if (!type || !owningCase) throw new Error(`SR ${srNumber} cannot be allocated: its type or case is missing`);
  const target = allocate(type, owningCase);
  const next: ServiceRequest = {
    ...sr,
    subStatus: 'Assigned',
    assignedTo: { kind: target.kind, id: target.id, assignedAt: now.toISOString() },
    updatedBy: actor.id,
    updatedAt: now.toISOString(),
    version: sr.version + 1,
  };
  try {
    await transact([store.replaceItem(next, sr.version), audit(actor, 'ServiceRequestAllocated', sr, next, now)]);
  } catch (error) {
    // Changed meanwhile (e.g. the caseworker took it): the next delivery re-reads and decides again.
    if (error instanceof ConditionFailed) throw new Error(`SR ${srNumber} changed during allocation; will retry`, { cause: error });
    throw error;
  }
  return 'assigned';
}

/**
 * Keeps the SR in step with correspondence approval: submitting a letter or email puts it in the SR's
 * approval set (the SR reads as Pending Approval); a decision or cancellation takes it out, and the SR is
 * In Progress again once the set is empty. Returned as writes for the caller's transaction. The set is
 * changed commutatively, so items of one SR never conflict with each other; closing the SR requires the
 * set to be empty (see changeServiceRequestStatus), so no SR closes while an item waits for a decision.
 */
export async function approvalLinkWrites(srNumber: string, correspondenceId: string, change: 'submitted' | 'decided', actor: AuditActor, now: Date, note?: string): Promise<TransactItem[]> {
  return approvalLinkWritesFor(await getServiceRequest(srNumber), correspondenceId, change, actor, now, note);
}

/** approvalLinkWrites for an SR already read. */
export function approvalLinkWritesFor(sr: ServiceRequest, correspondenceId: string, change: 'submitted' | 'decided', actor: AuditActor, now: Date, note?: string): TransactItem[] {
  const srNumber = sr.srNumber;
  if (change === 'submitted' && sr.status !== 'In Progress' && sr.status !== 'Pending Approval') {
    throw new Problem('illegalTransition', `${srNumber} is ${sr.status}: set it to In Progress before submitting correspondence for approval.`, { from: sr.status, to: 'Pending Approval', allowed: [] });
  }
  const link = change === 'submitted' ? store.awaitingApprovalAdded(srNumber, correspondenceId) : store.awaitingApprovalRemoved(srNumber, correspondenceId);
  const event = auditItem({
    actor,
    action: change === 'submitted' ? 'CorrespondenceSubmittedForApproval' : 'CorrespondenceApprovalDecided',
    entity: entityOf(sr),
    caseNumber: sr.caseNumber,
    contactRef: contactRef(sr.contact),
    after: { correspondenceId, awaitingApproval: change === 'submitted' },
    now,
  });
  return [link, event, ...(note ? [store.noteItem(noteOf(sr, note, 'decision', actor, now))] : [])];
}
