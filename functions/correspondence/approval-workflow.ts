import { caseStore } from '../cases/store.ts';
import type { AuditActor } from '../platform/audit.ts';
import type { TransactItem } from '../platform/dynamo.ts';
import { Problem } from '../platform/problem.ts';
import { saveOrConflict } from '../platform/save.ts';
import { approvalLinkWrites, approvalLinkWritesFor, getServiceRequest } from '../service-requests/use-cases.ts';
import { assertDecidable, decidedRound, rejection, submission, type ApprovalRoundRecord, type UnderApproval } from './domain/approval-round.ts';

/**
 * One approval workflow for every correspondence channel. The workflow owns the round (submit, approve,
 * approve after a minor correction, reject), the SR's approval set and the audit; the channel owns its
 * item's storage, its status moves and what happens after a decision (a letter goes on to Ready for
 * Fulfilment or Held; an email becomes Approved and waits for Send Email). Every change is one
 * transaction, conditional on the item's version, so concurrent decisions leave exactly one winner.
 */

export interface Correspondence extends UnderApproval {
  readonly srNumber: string;
  readonly caseNumber: string;
  readonly template: { readonly id: string; readonly name: string };
  readonly version: number;
}

export interface HandOver<T> {
  readonly next: T;
  /** The audit action, e.g. LetterApproved. */
  readonly action: string;
  /** The decision note's wording, e.g. "approved with a minor correction". */
  readonly described: string;
  /** Writes that go with the decision, in its transaction (e.g. a duplicate pack's copies). */
  readonly items?: TransactItem[];
  /** Work to start once the decision is saved (e.g. re-render after a correction). */
  readonly afterSave?: (next: T) => Promise<void>;
}

export interface ApprovalChannel<T extends Correspondence, C> {
  /** For people: "letter", "email". */
  readonly noun: string;
  /** For audit actions: "Letter" gives LetterSubmittedForApproval, LetterRejected... */
  readonly entity: string;
  load(id: string): Promise<T | undefined>;
  replace(next: T, expectedVersion: number): TransactItem[];
  audit(actor: AuditActor, action: string, before: T | undefined, after: T, now: Date): TransactItem;
  /** Everyone who wrote the item: none of them may decide it. */
  authors(item: T): readonly (string | undefined)[];
  /** The status move to Pending Approval (the channel checks the item may be submitted). */
  submitted(item: T, fields: Partial<T>, actor: AuditActor, now: Date): T;
  /** The status move back to the caseworker, editable again. */
  rejected(item: T, fields: Partial<T>, reasons: string, actor: AuditActor, now: Date): T;
  /** The hand-over after approval (with the team leader's minor correction, if any). */
  approved(item: T, round: ApprovalRoundRecord, correction: C | undefined, actor: AuditActor, now: Date): Promise<HandOver<T>>;
}

/** The item, only if it is still at the version the caller read (404 when absent, 409 when changed). */
export async function current<T extends Correspondence>(channel: Pick<ApprovalChannel<T, unknown>, 'load' | 'noun'>, id: string, expectedVersion: number | undefined): Promise<T> {
  const item = await channel.load(id);
  if (!item) throw new Problem('notFound', `There is no ${channel.noun} ${id}.`);
  if (expectedVersion !== item.version) {
    throw new Problem('conflict', `${id} is at version ${item.version}, not ${expectedVersion}: it changed since you read it.`, { currentVersion: item.version, currentStatus: item.status });
  }
  return item;
}

const save = (items: TransactItem[], noun: string) => saveOrConflict(items, `The ${noun} (or its SR)`);

/** Into the team leaders' queue of the case's owning segment; the SR reads Pending Approval. */
export async function submitForApproval<T extends Correspondence>(channel: ApprovalChannel<T, unknown>, id: string, expectedVersion: number | undefined, actor: AuditActor, now: Date): Promise<T> {
  const item = await current(channel, id, expectedVersion);
  const owningCase = await caseStore.get(item.caseNumber);
  const next = channel.submitted(item, submission(owningCase?.owningSegment ?? 'UNASSIGNED', actor, now) as unknown as Partial<T>, actor, now);
  const link = await approvalLinkWrites(item.srNumber, id, 'submitted', actor, now);
  await save([...channel.replace(next, item.version), channel.audit(actor, `${channel.entity}SubmittedForApproval`, item, next, now), ...link], channel.noun);
  return next;
}

/** A team leader approves, optionally after a minor correction (audited); the channel takes it on. */
export async function approve<T extends Correspondence, C>(channel: ApprovalChannel<T, C>, id: string, expectedVersion: number | undefined, correction: C | undefined, actor: AuditActor, now: Date): Promise<T> {
  const item = await current(channel, id, expectedVersion);
  const approval = assertDecidable(item, channel.authors(item), actor, channel.noun);
  const round = decidedRound(item, approval, correction ? 'approved-with-correction' : 'approved', actor, now, correction ? { correction: correction as Record<string, unknown> } : {});
  // The hand-over (which may copy documents) and the SR read do not depend on each other.
  const [handOver, sr] = await Promise.all([channel.approved(item, round, correction, actor, now), getServiceRequest(item.srNumber)]);
  const note = `${item.template.id} ${id}: ${handOver.described} by ${actor.id}.`;
  await save([...channel.replace(handOver.next, item.version), channel.audit(actor, handOver.action, item, handOver.next, now), ...(handOver.items ?? []), ...approvalLinkWritesFor(sr, id, 'decided', actor, now, note)], channel.noun);
  await handOver.afterSave?.(handOver.next);
  return handOver.next;
}

/** Rejection: the Editable Letter Review records the reasons, and the item returns to the caseworker, editable. */
export async function reject<T extends Correspondence>(channel: ApprovalChannel<T, unknown>, id: string, expectedVersion: number | undefined, reasons: string, actor: AuditActor, now: Date): Promise<T> {
  const item = await current(channel, id, expectedVersion);
  const approval = assertDecidable(item, channel.authors(item), actor, channel.noun);
  const next = channel.rejected(item, rejection(item, approval, reasons, actor, now) as unknown as Partial<T>, reasons, actor, now);
  const note = `Editable Letter Review for ${item.template.id} ${id}, rejected by ${actor.id}: ${reasons}`;
  await save([...channel.replace(next, item.version), channel.audit(actor, `${channel.entity}Rejected`, item, next, now), ...(await approvalLinkWrites(item.srNumber, id, 'decided', actor, now, note))], channel.noun);
  return next;
}

/** An item leaving the approval queue without a decision (cancelled): the SR's approval set lets it go. */
export const withdrawnFromApproval = (item: Correspondence, actor: AuditActor, now: Date): Promise<TransactItem[]> =>
  item.status === 'Pending Approval' ? approvalLinkWrites(item.srNumber, item.correspondenceId, 'decided', actor, now) : Promise.resolve([]);
