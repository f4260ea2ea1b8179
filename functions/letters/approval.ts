import { clientStore } from '../cases/store.ts';
import { type AuditActor } from '../platform/audit.ts';
import { type TransactItem } from '../platform/dynamo.ts';
import { Problem } from '../platform/problem.ts';
import type { Role } from '../platform/roles.ts';
import * as workflow from '../correspondence/approval-workflow.ts';
import { withdrawnFromApproval, type ApprovalChannel } from '../correspondence/approval-workflow.ts';
import { makeCopies, withCover } from './duplicate-pack.ts';
import { serviceRequestStore } from '../service-requests/store.ts';
import { compose } from './domain/composition.ts';
import { generate } from './domain/generation.ts';
import { assertTransition, moved } from './domain/status.ts';
import type { ComposeLetter, Letter } from './schemas.ts';
import { letterStore } from './store.ts';
import { letterAudit } from './letter-audit.ts';
import { saveOrConflict } from '../platform/save.ts';
import { findTemplate } from './templates.ts';
import { loadRecipientData, requestRender } from './use-cases.ts';

/**
 * Approval, fulfilment and cancellation. Every change is one transaction, conditional on the letter's
 * version (and the SR's, when the SR moves with it), so concurrent decisions leave exactly one winner.
 */

const audit = letterAudit;

const save = (items: TransactItem[]) => saveOrConflict(items, 'The letter (or its SR)');

const current = (id: string, expectedVersion: number | undefined): Promise<Letter> => workflow.current(letterApprovalChannel, id, expectedVersion);

/** Before a letter is released to print, the contact's suppression is checked. */
export async function suppressionReason(letter: Letter): Promise<string | undefined> {
  if (letter.recipient.type !== 'client' && letter.recipient.type !== 'representative') return undefined;
  const client = await clientStore.get(letter.recipient.scin);
  return client?.correspondenceSuppressed ? 'Correspondence is suppressed for this contact: the letter is held and will not be sent.' : undefined;
}

/** Ready for Fulfilment, or Held when the contact's correspondence is suppressed. */
export async function released(letter: Letter, actor: AuditActor, now: Date, extra: Partial<Letter> = {}): Promise<Letter> {
  const held = await suppressionReason(letter);
  return held
    ? moved(letter, 'Held', actor, now, { ...extra, held: { reason: held, at: now.toISOString() } }, held)
    : moved(letter, 'Ready for Fulfilment', actor, now, { ...extra, readyAt: now.toISOString(), held: undefined });
}

const hasWelshTranslation = (letter: Letter): boolean => letter.composition.attachments.some((a) => a.kind === 'translation');

/** A letter to someone who reads Welsh goes back to the caseworker until its Welsh translation is attached. */
function returnForWelsh(letter: Letter, actor: AuditActor, now: Date, round: Letter['approvalHistory'][number]): Letter {
  const reason = 'This letter needs a Welsh translation: send it to the translation service, attach the translation and generate it again.';
  return moved(letter, 'Draft', actor, now, { returnedToCaseworker: { reason, at: now.toISOString(), by: actor.id }, approval: undefined, approvalHistory: [...letter.approvalHistory, { ...round, decision: 'returned-for-welsh-translation', reasons: reason }] }, reason);
}

/** Letters in the shared approval workflow: a decision hands the letter on to print (or back for Welsh). */
export const letterApprovalChannel: ApprovalChannel<Letter, ComposeLetter> = {
  noun: 'letter',
  entity: 'Letter',
  load: (id) => letterStore.get(id),
  replace: (next, expectedVersion) => letterStore.replace(next, expectedVersion),
  audit,
  authors: (letter) => [letter.generated?.generatedBy],
  submitted: (letter, fields, actor, now) => moved(letter, 'Pending Approval', actor, now, fields),
  rejected: (letter, fields, reasons, actor, now) => moved(letter, 'Draft', actor, now, fields, reasons),
  async approved(letter, round, correction, actor, now) {
    if (letter.welshTranslationRequired && !hasWelshTranslation(letter)) {
      return { next: returnForWelsh(letter, actor, now, { ...round, decision: round.decision }), action: 'LetterReturnedForWelshTranslation', described: 'returned for Welsh translation' };
    }
    if (correction) {
      const template = findTemplate(letter.template.id)!;
      const composition = compose(letter.composition, template, correction, { selfService: false });
      const generation = generate({ ...letter, composition }, template, await loadRecipientData(letter), { id: letter.generated?.generatedBy ?? actor.id }, now);
      const next = moved(letter, 'Rendering', actor, now, {
        composition,
        generated: generation.content,
        round: letter.round + 1,
        approvedRound: letter.round + 1,
        pdfs: [],
        approval: undefined,
        approvalHistory: [...letter.approvalHistory, round],
      });
      if (!letter.pack) return { next, action: 'LetterApprovedWithCorrection', described: 'approved with a minor correction', afterSave: requestRender };
      const { copies, items } = await makeCopies(letter, 'Ready for Fulfilment', actor, now);
      return { next: { ...next, pack: { ...letter.pack, copies: copies.map((c) => c.correspondenceId) } }, items, action: 'LetterApprovedWithCorrection', described: 'approved with a minor correction', afterSave: requestRender };
    }
    if (!letter.pack) return { next: await released(letter, actor, now, { approval: undefined, approvalHistory: [...letter.approvalHistory, round] }), action: 'LetterApproved', described: 'approved' };
    // A duplicate pack: the exact copies are made now (alongside the suppression check), and go out with the cover letter.
    const [next, { copies, items }] = await Promise.all([released(letter, actor, now, { approval: undefined, approvalHistory: [...letter.approvalHistory, round] }), makeCopies(letter, 'Ready for Fulfilment', actor, now)]);
    return { next: { ...next, pack: { ...letter.pack, copies: copies.map((c) => c.correspondenceId) } }, items, action: 'LetterApproved', described: `approved, with ${copies.length} duplicate ${copies.length === 1 ? 'copy' : 'copies'}` };
  },
};

export const submitForApproval = (id: string, expectedVersion: number | undefined, actor: AuditActor, now: Date) => workflow.submitForApproval(letterApprovalChannel, id, expectedVersion, actor, now);

export async function selfApprove(correspondenceId: string, expectedVersion: number | undefined, actor: AuditActor & { role: Role }, now: Date): Promise<Letter> {
  const letter = await current(correspondenceId, expectedVersion);
  const template = findTemplate(letter.template.id);
  if (letter.pack) throw new Problem('forbidden', 'A duplicate pack always goes to a team leader, who checks the request reason against the originals: submit it for approval.');
  if (actor.role !== 'case-manager' && !(actor.role === 'caseworker' && template?.selfApprovable)) {
    throw new Problem('forbidden', `${letter.template.id} ${letter.template.name} is not on the caseworker self-approval list: submit it for team leader approval. Case managers may self-approve any letter.`);
  }
  assertTransition(letter.status, 'Ready for Fulfilment', correspondenceId);
  const round = { round: letter.round, submittedBy: actor.id, submittedAt: now.toISOString(), decidedBy: actor.id, decidedAt: now.toISOString() };
  const next = letter.welshTranslationRequired && !hasWelshTranslation(letter)
    ? returnForWelsh(letter, actor, now, { ...round, decision: 'self-approved' })
    : await released(letter, actor, now, { approvalHistory: [...letter.approvalHistory, { ...round, decision: 'self-approved' }] });
  await save([...letterStore.replace(next, letter.version), audit(actor, next.status === 'Draft' ? 'LetterReturnedForWelshTranslation' : 'LetterSelfApproved', letter, next, now)]);
  return next;
}

/** A team leader approves, optionally after a minor correction (audited; the letter is generated and rendered again). */
export const approve = (id: string, expectedVersion: number | undefined, correction: ComposeLetter | undefined, actor: AuditActor, now: Date) => workflow.approve(letterApprovalChannel, id, expectedVersion, correction, actor, now);

/** Rejection: the Editable Letter Review records the reasons, and the letter returns to the caseworker, editable. */
export const reject = (id: string, expectedVersion: number | undefined, reasons: string, actor: AuditActor, now: Date) => workflow.reject(letterApprovalChannel, id, expectedVersion, reasons, actor, now);

/**
 * Local print: the caseworker printed and posted it (e.g. after a wet signature), or the pack was emailed
 * to the CSA Print and Post Letters inbox (the contingency route). A pack's copies are fulfilled with it.
 */
export async function localFulfil(correspondenceId: string, expectedVersion: number | undefined, actor: AuditActor, now: Date): Promise<Letter> {
  const letter = await current(correspondenceId, expectedVersion);
  // Only from Ready for Fulfilment, and only a letter printed locally: never over the supplier's report.
  if (letter.status !== 'Ready for Fulfilment') {
    throw new Problem('illegalTransition', `${correspondenceId} is ${letter.status}: Local Fulfil is only for a letter Ready for Fulfilment that is printed locally.`, { from: letter.status, allowed: [] });
  }
  if (letter.generated?.fulfilment !== 'local' && !letter.fulfilment?.printInboxAt) {
    throw new Problem('illegalTransition', `${correspondenceId} is printed by the Fulfilment House in the end-of-day batch, not locally.`, { from: letter.status, allowed: ['Held', 'Cancelled'] });
  }
  const next = moved(letter, 'Successfully Fulfilled', actor, now, { fulfilment: { ...letter.fulfilment, method: 'local', fulfilledAt: now.toISOString(), fulfilledBy: actor.id } });
  const fulfilled = (copy: Letter) => ({ fulfilment: { ...copy.fulfilment, method: 'local' as const, fulfilledAt: now.toISOString(), fulfilledBy: actor.id } });
  await save([...letterStore.replace(next, letter.version), audit(actor, 'LetterLocallyFulfilled', letter, next, now), ...(await withCover(letter, 'Successfully Fulfilled', actor, now, fulfilled)), ...serviceRequestStore.enquiryAnswered(letter.srNumber, correspondenceId, now)]);
  return next;
}

/** Held letters are released once the contact is no longer suppressed. */
export async function releaseHeld(correspondenceId: string, expectedVersion: number | undefined, actor: AuditActor, now: Date): Promise<Letter> {
  const letter = await current(correspondenceId, expectedVersion);
  assertTransition(letter.status, 'Ready for Fulfilment', correspondenceId);
  const still = await suppressionReason(letter);
  if (still) throw new Problem('businessRule', still);
  const next = moved(letter, 'Ready for Fulfilment', actor, now, { readyAt: now.toISOString(), held: undefined });
  await save([...letterStore.replace(next, letter.version), audit(actor, 'LetterReleased', letter, next, now)]);
  return next;
}

/** Any letter not yet picked up by the print batch or fulfilled can be cancelled, with a reason. */
export async function cancel(correspondenceId: string, expectedVersion: number | undefined, reason: string, note: string | undefined, actor: AuditActor, now: Date): Promise<Letter> {
  const letter = await current(correspondenceId, expectedVersion);
  if (letter.fulfilment?.printInboxAt) {
    throw new Problem('illegalTransition', `${correspondenceId} has been emailed to the print inbox to be printed and posted: it can no longer be cancelled.`, { from: letter.status, to: 'Cancelled', allowed: [] });
  }
  const text = note ? `${reason}: ${note}` : reason;
  const next = moved(letter, 'Cancelled', actor, now, { cancellation: { reason: text, at: now.toISOString(), by: actor.id }, approval: undefined }, text);
  await save([...letterStore.replace(next, letter.version), audit(actor, 'LetterCancelled', letter, next, now), ...(await withdrawnFromApproval(letter, actor, now)), ...(await withCover(letter, 'Cancelled', actor, now, () => ({ cancellation: next.cancellation })))]);
  return next;
}
