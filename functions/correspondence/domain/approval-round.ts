import { Problem } from '../../platform/problem.ts';

/**
 * The team leader approval round, the same for every channel (letters, emails, duplicate packs): the
 * item waits in its segment's queue with the activity sub-status "Submit for Approval - TL"; a team
 * leader other than its authors approves it (optionally after a minor correction) or rejects it with
 * the reasons (the Editable Letter Review), and every round is kept. Pure rules: the workflow
 * (../approval-workflow.ts) loads, saves and hands a decision over to the channel.
 */

export const approvalSubStatus = 'Submit for Approval - TL' as const;

export interface ApprovalRequest {
  readonly segment: string;
  readonly submittedAt: string;
  readonly submittedBy: string;
  readonly subStatus: typeof approvalSubStatus;
}

export type Decision = 'approved' | 'approved-with-correction' | 'self-approved' | 'rejected' | 'returned-for-welsh-translation';

export interface ApprovalRoundRecord {
  readonly round: number;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly decision: Decision;
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly reasons?: string;
  readonly correction?: Record<string, unknown>;
}

/** What every channel's item carries for its approval. */
export interface UnderApproval {
  readonly correspondenceId: string;
  readonly status: string;
  readonly round: number;
  readonly approval?: ApprovalRequest | undefined;
  readonly approvalHistory: readonly ApprovalRoundRecord[];
  readonly returnedToCaseworker?: { readonly reason: string; readonly at: string; readonly by: string } | undefined;
}

interface Actor {
  readonly id: string;
}

/** The fields an item takes on when it is submitted to its segment's queue. */
export const submission = (segment: string, actor: Actor, now: Date) => ({
  approval: { segment, submittedAt: now.toISOString(), submittedBy: actor.id, subStatus: approvalSubStatus } satisfies ApprovalRequest,
  returnedToCaseworker: undefined,
});

/**
 * The item must be waiting for a decision (a second decision gets 409), and nobody decides an item
 * they wrote or submitted.
 */
export function assertDecidable(item: UnderApproval, authors: readonly (string | undefined)[], actor: Actor, noun: string): ApprovalRequest {
  if (item.status !== 'Pending Approval' || !item.approval) {
    throw new Problem('illegalTransition', `${item.correspondenceId} is ${item.status}: it is not waiting for a decision (it may already have been decided).`, { from: item.status, allowed: [] });
  }
  if (item.approval.submittedBy === actor.id || authors.includes(actor.id)) {
    throw new Problem('forbidden', `Nobody approves or rejects their own ${noun}: another team leader must decide it.`);
  }
  return item.approval;
}

/** The round as decided, for the item's approval history. */
export function decidedRound(item: UnderApproval, approval: Pick<ApprovalRequest, 'submittedBy' | 'submittedAt'>, decision: Decision, actor: Actor, now: Date, extra: Pick<ApprovalRoundRecord, 'reasons' | 'correction'> = {}): ApprovalRoundRecord {
  return { round: item.round, submittedBy: approval.submittedBy, submittedAt: approval.submittedAt, decision, decidedBy: actor.id, decidedAt: now.toISOString(), ...extra };
}

/** Rejected: the reasons go back to the caseworker with the item, editable again; the round is kept. */
export function rejection(item: UnderApproval, approval: ApprovalRequest, reasons: string, actor: Actor, now: Date) {
  return {
    approval: undefined,
    returnedToCaseworker: { reason: reasons, at: now.toISOString(), by: actor.id },
    approvalHistory: [...item.approvalHistory, decidedRound(item, approval, 'rejected', actor, now, { reasons })],
  };
}
