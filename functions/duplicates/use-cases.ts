import { caseStore } from '../cases/store.ts';
import { issuedStatuses, letterStore } from '../letters/store.ts';
import type { Letter } from '../letters/schemas.ts';
import { auditItem, type AuditActor } from '../platform/audit.ts';
import type { TransactItem } from '../platform/dynamo.ts';
import type { HttpResult, Idempotency } from '../platform/http-handler.ts';
import { createOnce } from '../platform/idempotency.ts';
import { keys } from '../platform/keys.ts';
import { Problem, validationProblem } from '../platform/problem.ts';
import type { Role } from '../platform/roles.ts';
import { saveOrConflict } from '../platform/save.ts';
import type { ServiceRequest, SrContact } from '../service-requests/schemas.ts';
import { contactRef } from '../service-requests/store.ts';
import { getServiceRequest, noteWrite, raiseServiceRequest, statusChangeWrites } from '../service-requests/use-cases.ts';
import { viewOnlineAdvice, type CreateDuplicateRequest, type DuplicateRequest } from './schemas.ts';
import { duplicateRequestStore } from './store.ts';

/**
 * Requests for duplicate copies of earlier letters (the send copy procedure): from the portal or taken
 * by a caseworker, each an Outbound Contact / Reissue Correspondence SR assigned straight to the case's
 * owner (never Pending Assignment); accepted (the SR goes In Progress and the cover letter is made on
 * it) or declined with the reason the client is told.
 */

export const reissueType = { process: 'Outbound Contact', area: 'Reissue Correspondence', subArea: 'Reissue Correspondence' } as const;

const requestAudit = (actor: AuditActor, action: string, before: DuplicateRequest | undefined, after: DuplicateRequest): TransactItem =>
  auditItem({ actor, action, entity: { type: 'DuplicateRequest', id: after.srNumber, pk: keys.duplicateRequest(after.srNumber).PK }, caseNumber: after.caseNumber, contactRef: contactRef(after.requester), before: before as Record<string, unknown> | undefined, after: after as Record<string, unknown>, now: new Date(after.updatedAt) });

/** The letters asked for: each one issued to the requester. Anything else is, to a client, a letter that does not exist. */
async function requestedLetters(ids: readonly string[], requesterRef: string, role: Role): Promise<Letter[]> {
  const letters = await Promise.all(ids.map((id) => letterStore.get(id)));
  const problems = ids.flatMap((id, i) => {
    const letter = letters[i];
    const issued = letter && (issuedStatuses as readonly string[]).includes(letter.status);
    return letter && issued && letter.contactRef === requesterRef ? [] : [{ id, i, letter }];
  });
  if (problems.length > 0) {
    if (role === 'client') throw new Problem('notFound', `No such letter for you: ${problems.map((p) => p.id).join(', ')}.`);
    throw new Problem('businessRule', 'Copies can only be made of letters issued to the person asking.', {
      errors: problems.map((p) => ({ field: `body.letters.${p.i}`, rule: !p.letter ? 'is not a letter' : p.letter.contactRef !== requesterRef ? 'was not sent to the requester' : `is ${p.letter.status}: only issued letters (sent to the Fulfilment House or Successfully Fulfilled) can be copied` })),
    });
  }
  const found = letters as Letter[];
  const cases = new Set(found.map((l) => l.caseNumber));
  if (cases.size > 1) throw validationProblem([{ field: 'body.letters', rule: `must all be on one case (one request per case): ${[...cases].join(', ')}` }]);
  return found;
}

export async function requestDuplicates(body: CreateDuplicateRequest, principal: { id: string; scin?: string }, role: Role, idempotency: Idempotency | undefined, now: Date): Promise<HttpResult> {
  const actor = { id: principal.id, role };
  let requester: SrContact;
  let channel: DuplicateRequest['channel'];
  if (role === 'client') {
    if (body.requester || body.channel) throw validationProblem([...(body.requester ? [{ field: 'body.requester', rule: 'is for staff taking a request; a client asks for themselves' }] : []), ...(body.channel ? [{ field: 'body.channel', rule: 'is for staff taking a request' }] : [])]);
    if (body.confirmPaperCopy !== true) {
      throw new Problem('businessRule', `${viewOnlineAdvice} To ask for a paper copy anyway, confirm that you still want one.`, { errors: [{ field: 'body.confirmPaperCopy', rule: 'must be true: confirm you still want a paper copy after being told every letter can be viewed online' }], advice: viewOnlineAdvice });
    }
    requester = { type: 'client', scin: principal.scin! };
    channel = 'self-service';
  } else {
    const missing = [...(body.requester ? [] : [{ field: 'body.requester', rule: 'is required: who asked for the copies' }]), ...(body.channel ? [] : [{ field: 'body.channel', rule: 'is required: how the request arrived (phone, letter, email or fax)' }])];
    if (missing.length > 0) throw validationProblem(missing);
    requester = body.requester!;
    channel = body.channel!;
  }
  const letters = await requestedLetters(body.letters, contactRef(requester)!, role);
  const caseNumber = letters[0]!.caseNumber;
  const raise = await raiseServiceRequest({ caseNumber, contact: requester, ...reissueType, channel, description: `Duplicate copies asked for: ${body.reason}` }, actor, now, { assignToOwner: true });
  return createOnce(idempotency, async () => {
    const { sr, items } = raise();
    const request: DuplicateRequest = {
      srNumber: sr.srNumber,
      caseNumber,
      requester,
      channel,
      letters: letters.map((l) => ({ correspondenceId: l.correspondenceId, templateId: l.template.id, templateName: l.template.name, ...(l.generated?.issueDate ? { issueDate: l.generated.issueDate } : {}) })),
      reason: body.reason,
      paperCopyConfirmed: role === 'client' ? true : Boolean(body.confirmPaperCopy),
      state: 'received',
      createdBy: actor.id,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    };
    return {
      items: [...items, duplicateRequestStore.create(request), requestAudit(actor, 'DuplicatesRequested', undefined, request)],
      result: { status: 201, body: role === 'client' ? clientView(request) : request, version: request.version, headers: { location: `/duplicate-requests/${request.srNumber}` } },
    };
  });
}

export async function requestOrRefuse(srNumber: string): Promise<DuplicateRequest> {
  const request = await duplicateRequestStore.get(srNumber);
  if (!request) throw new Problem('notFound', `There is no duplicate request ${srNumber}.`);
  return request;
}

/**
 * A reissue of CMSL2040 asked for by an employer is actioned only by the case-owning caseworker, not the
 * Employer Payments Team or anyone else.
 */
export async function assertMayAction(request: Pick<DuplicateRequest, 'requester' | 'letters' | 'caseNumber'>, actor: AuditActor): Promise<void> {
  if (request.requester.type !== 'employer' || !request.letters.some((l) => l.templateId === 'CMSL2040')) return;
  const owner = (await caseStore.get(request.caseNumber))?.owningCaseworker;
  if (owner !== actor.id) {
    throw new Problem('forbidden', `A reissue of CMSL2040 asked for by an employer is actioned only by the case-owning caseworker${owner ? ` (${owner})` : ''}, not the Employer Payments Team or anyone else.`);
  }
}

async function decide(srNumber: string, expectedVersion: number | undefined, actor: AuditActor, now: Date, decision: (request: DuplicateRequest, sr: ServiceRequest) => { next: DuplicateRequest; srItems: TransactItem[]; action: string }): Promise<DuplicateRequest> {
  const request = await requestOrRefuse(srNumber);
  if (expectedVersion !== request.version) throw new Problem('conflict', `The request ${srNumber} is at version ${request.version}, not ${expectedVersion}: it changed since you read it.`, { currentVersion: request.version });
  if (request.state !== 'received') throw new Problem('illegalTransition', `The request ${srNumber} is ${request.state}: it has already been decided.`, { from: request.state, allowed: [] });
  await assertMayAction(request, actor);
  const { next, srItems, action } = decision(request, await getServiceRequest(srNumber));
  await saveOrConflict([duplicateRequestStore.replace(next, request.version), requestAudit(actor, action, request, next), ...srItems], 'The request (or its SR)');
  return next;
}

/** Accepted: the SR goes In Progress with its activity plan; the caseworker makes the CMSL5509 cover letter on it. */
export const acceptRequest = (srNumber: string, expectedVersion: number | undefined, actor: AuditActor, now: Date) =>
  decide(srNumber, expectedVersion, actor, now, (request, sr) => {
    const at = now.toISOString();
    const next: DuplicateRequest = { ...request, state: 'being-considered', decision: { outcome: 'accepted', by: actor.id, at }, updatedAt: at, version: request.version + 1 };
    const change = statusChangeWrites(sr, { status: 'In Progress' }, actor, now);
    return { next, srItems: [...change.items, noteWrite(sr, `Reissue accepted by ${actor.id}: ${request.letters.map((l) => `${l.templateId} ${l.correspondenceId}`).join(', ')} to be copied.`, 'decision', actor, now)], action: 'DuplicateRequestAccepted' };
  });

/** Declined: the decision and its reason are a note, the request shows declined with the reason, the SR closes Declined. */
export const declineRequest = (srNumber: string, expectedVersion: number | undefined, reason: string, actor: AuditActor, now: Date) =>
  decide(srNumber, expectedVersion, actor, now, (request, sr) => {
    const at = now.toISOString();
    const next: DuplicateRequest = { ...request, state: 'declined', decision: { outcome: 'declined', reason, by: actor.id, at }, updatedAt: at, version: request.version + 1 };
    const change = statusChangeWrites(sr, { status: 'Closed', subStatus: 'Declined', note: `Reissue declined: ${reason}` }, actor, now);
    return { next, srItems: change.items, action: 'DuplicateRequestDeclined' };
  });

/** What the client follows: no staff ids, no internal notes. */
export function clientView(request: DuplicateRequest) {
  return {
    srNumber: request.srNumber,
    state: request.state,
    letters: request.letters.map((l) => ({ correspondenceId: l.correspondenceId, templateName: l.templateName, ...(l.issueDate ? { issueDate: l.issueDate } : {}) })),
    reason: request.reason,
    requestedAt: request.createdAt,
    ...(request.state === 'declined' && request.decision?.reason ? { declinedReason: request.decision.reason } : {}),
    ...(request.sentAt ? { sentAt: request.sentAt } : {}),
  };
}
