import { Problem } from '../../platform/problem.ts';
import { closeReasons, type ActivityStep, type ChangeStatus, type ServiceRequest, type SrStatus, type SrType } from '../schemas.ts';

/**
 * SR status rules, as pure functions. Pending Approval is entered and left only by the correspondence
 * approval workflow (submitting a letter or email for team leader approval), never by a direct request.
 */
export const legalTransitions: Readonly<Record<SrStatus, readonly SrStatus[]>> = {
  Open: ['In Progress', 'Pending Assignment', 'Closed'],
  'In Progress': ['Pending Assignment', 'Pending Approval', 'Closed'],
  'Pending Assignment': ['In Progress', 'Closed'],
  'Pending Approval': ['In Progress', 'Closed'],
  Closed: [],
};

const systemOnly: readonly SrStatus[] = ['Pending Approval'];

export interface Actor {
  readonly id: string;
  readonly role: string;
}

export interface StatusChange {
  readonly next: ServiceRequest;
  /** True when the SR now waits for work allocation. */
  readonly needsAllocation: boolean;
}

export const newActivityPlan = (type: SrType): ActivityStep[] => type.activityPlan.map((s) => ({ id: s.id, title: s.title, done: false }));

export function changeStatus(sr: ServiceRequest, type: SrType, request: ChangeStatus, actor: Actor, now: Date): StatusChange {
  const target = request.status;
  const allowed = legalTransitions[sr.status];
  if (!allowed.includes(target) || target === sr.status) {
    throw new Problem('illegalTransition', `An SR that is ${sr.status} cannot be set to ${target}.${describeAllowed(sr.status)}`, {
      from: sr.status,
      to: target,
      allowed: allowed.filter((s) => !systemOnly.includes(s)),
    });
  }
  if (systemOnly.includes(target) || systemOnly.includes(sr.status)) {
    const waiting = sr.lettersAwaitingApproval ?? [];
    throw new Problem('illegalTransition', `Pending Approval is set and cleared by submitting correspondence for team leader approval, not directly.${waiting.length ? ` Waiting for a decision: ${waiting.join(', ')}.` : ''}`, {
      from: sr.status,
      to: target,
      allowed: [],
    });
  }
  if (target === 'Pending Assignment' && !type.pendingAssignment.allowed) {
    throw new Problem('pendingAssignmentRefused', type.pendingAssignment.reason);
  }

  let subStatus: string | undefined;
  if (target === 'Closed') {
    subStatus = request.subStatus ?? 'Complete';
    if (!(closeReasons as readonly string[]).includes(subStatus)) {
      throw new Problem('validation', `subStatus must be one of: ${closeReasons.join(', ')}`, {
        errors: [{ field: 'body.subStatus', rule: `must be one of: ${closeReasons.join(', ')}` }],
      });
    }
    if ((sr.lettersAwaitingApproval ?? []).length > 0) {
      throw new Problem('activityPlanIncomplete', `Letters on this SR are still waiting for approval: ${sr.lettersAwaitingApproval!.join(', ')}.`, { openSteps: [] });
    }
    if (subStatus === 'Complete') {
      const open = sr.activityPlan.filter((s) => !s.done);
      if (sr.activityPlan.length === 0) {
        throw new Problem('activityPlanIncomplete', 'An SR can only be closed as Complete after it has been worked: set it to In Progress and complete its activity plan.', { openSteps: [] });
      }
      if (open.length > 0) {
        throw new Problem('activityPlanIncomplete', `Complete these steps before closing as Complete: ${open.map((s) => s.title).join('; ')}.`, {
          openSteps: open.map((s) => ({ id: s.id, title: s.title })),
        });
      }
    } else if (!request.note) {
      throw new Problem('validation', `Closing as ${subStatus} needs a note recording the decision and the reason.`, {
        errors: [{ field: 'body.note', rule: 'is required when subStatus is not Complete' }],
      });
    }
  } else if (request.subStatus !== undefined) {
    throw new Problem('validation', 'subStatus can only be given when closing an SR.', {
      errors: [{ field: 'body.subStatus', rule: 'only allowed with status Closed' }],
    });
  }

  const activityPlan = target === 'In Progress' && sr.activityPlan.length === 0 ? newActivityPlan(type) : sr.activityPlan;
  const needsAllocation = target === 'Pending Assignment';
  const next: ServiceRequest = {
    ...sr,
    status: target,
    subStatus: needsAllocation ? 'Awaiting Allocation' : subStatus,
    activityPlan,
    assignedTo: needsAllocation ? undefined : sr.assignedTo,
    updatedBy: actor.id,
    updatedAt: now.toISOString(),
    version: sr.version + 1,
  };
  return { next, needsAllocation };
}

export function setStepDone(sr: ServiceRequest, stepId: string, done: boolean, actor: Actor, now: Date): ServiceRequest {
  if (sr.status !== 'In Progress') {
    throw new Problem('businessRule', `Activity plan steps can only be ticked while the SR is In Progress; it is ${sr.status}.`);
  }
  const step = sr.activityPlan.find((s) => s.id === stepId);
  if (!step) {
    throw new Problem('notFound', `The activity plan of ${sr.srNumber} has no step ${stepId}. Steps: ${sr.activityPlan.map((s) => s.id).join(', ')}.`);
  }
  const activityPlan = sr.activityPlan.map((s) =>
    s.id !== stepId ? s : done ? { ...s, done: true, doneBy: actor.id, doneAt: now.toISOString() } : { id: s.id, title: s.title, done: false },
  );
  return { ...sr, activityPlan, updatedBy: actor.id, updatedAt: now.toISOString(), version: sr.version + 1 };
}

function describeAllowed(status: SrStatus): string {
  const options = legalTransitions[status].filter((s) => !systemOnly.includes(s));
  return options.length === 0 ? ` ${status} is final.` : ` From ${status} it can be set to: ${options.join(', ')}.`;
}
