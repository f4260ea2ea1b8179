import { describe, expect, it } from 'vitest';
import { refusal } from '../support/refusal.ts';
import { allocate } from '../../functions/service-requests/domain/allocation.ts';
import { changeStatus, legalTransitions, setStepDone } from '../../functions/service-requests/domain/lifecycle.ts';
import { findSrType, srTypes } from '../../functions/service-requests/domain/sr-types.ts';
import { srStatuses, type ServiceRequest, type SrStatus } from '../../functions/service-requests/schemas.ts';

const actor = { id: 'cw-alice', role: 'caseworker' };
const now = new Date('2026-11-23T10:00:00Z');
const generalEnquiry = findSrType({ process: 'Manage Inbound Call', area: 'General Enquiry', subArea: 'General Enquiry' })!;
const reissue = findSrType({ process: 'Outbound Contact', area: 'Reissue Correspondence', subArea: 'Reissue Correspondence' })!;

const sr = (overrides: Partial<ServiceRequest> = {}): ServiceRequest => ({
  srNumber: 'SR-7K3M9Q2X',
  caseNumber: '1-2143476081',
  process: generalEnquiry.process,
  area: generalEnquiry.area,
  subArea: generalEnquiry.subArea,
  channel: 'phone',
  status: 'Open',
  activityPlan: [],
  createdBy: 'cw-alice',
  createdAt: '2026-11-23T09:00:00.000Z',
  updatedBy: 'cw-alice',
  updatedAt: '2026-11-23T09:00:00.000Z',
  version: 1,
  ...overrides,
});


describe('SR type catalogue', () => {
  it('holds every combination the procedures name', () => {
    const named = [
      ['Outbound Contact', 'Reissue Correspondence', 'Reissue Correspondence'],
      ['Manage Inbound Call', 'General Enquiry', 'General Enquiry'],
      ['Manage Inbound Contact', 'General Enquiry', 'General Enquiry'],
      ['Third Party', 'Manage Inbound Correspondence', 'Case/Client Enquiry'],
      ['Third Party', 'Outbound Correspondence', 'Send Ad-Hoc Correspondence'],
      ['Payments', 'Manual Schedule', 'Create Schedule'],
      ['Payments', 'Non Standard Payment', '3rd Party'],
      ['Third Party', 'Maintain Third Party', 'Amend Organisation'],
      ['Third Party', 'Maintain Third Party', 'Amend Contact'],
      ['Third Party', 'Maintain Third Party', 'Inactivate Contact'],
      ['Third Party', 'Maintain Third Party', 'Inactivate Organisation'],
      ['Third Party', 'Maintain Third Party', 'Set Up New Third Party'],
    ] as const;
    for (const [process, area, subArea] of named) expect(findSrType({ process, area, subArea }), `${process}/${area}/${subArea}`).toBeDefined();
    expect(srTypes.length).toBe(named.length);
  });

  it('has unique step ids within each activity plan', () => {
    for (const t of srTypes) expect(new Set(t.activityPlan.map((s) => s.id)).size).toBe(t.activityPlan.length);
  });
});

describe('SR status changes', () => {
  it('creates the activity plan when the SR first goes In Progress', () => {
    const { next } = changeStatus(sr(), generalEnquiry, { status: 'In Progress' }, actor, now);
    expect(next.status).toBe('In Progress');
    expect(next.activityPlan.map((s) => s.id)).toEqual(generalEnquiry.activityPlan.map((s) => s.id));
    expect(next.activityPlan.every((s) => !s.done)).toBe(true);
    expect(next.version).toBe(2);
    expect(next.updatedBy).toBe('cw-alice');
  });

  it('keeps the existing plan (and ticks) when the SR goes back In Progress', () => {
    const plan = [{ id: 'record-enquiry', title: 'x', done: true, doneBy: 'cw-alice', doneAt: now.toISOString() }];
    const { next } = changeStatus(sr({ status: 'Pending Assignment', activityPlan: plan }), generalEnquiry, { status: 'In Progress' }, actor, now);
    expect(next.activityPlan).toEqual(plan);
  });

  it('refuses every transition not in the table and names the allowed ones', () => {
    for (const from of srStatuses) {
      for (const to of srStatuses) {
        const legal = legalTransitions[from].includes(to) && from !== to && from !== 'Pending Approval' && to !== 'Pending Approval';
        if (legal) continue;
        const problem = refusal(() => changeStatus(sr({ status: from }), generalEnquiry, { status: to, ...(to === 'Closed' ? { subStatus: 'Withdrawn', note: 'n' } : {}) }, actor, now));
        expect(problem.type, `${from} -> ${to}`).toBe('illegalTransition');
        expect(problem.status).toBe(409);
      }
    }
    expect(refusal(() => changeStatus(sr({ status: 'Closed' }), generalEnquiry, { status: 'In Progress' }, actor, now)).detail).toContain('Closed is final');
    expect(refusal(() => changeStatus(sr(), generalEnquiry, { status: 'Open' }, actor, now)).extensions.allowed).toEqual(['In Progress', 'Pending Assignment', 'Closed']);
  });

  it('keeps Pending Approval for the approval workflow only', () => {
    const problem = refusal(() => changeStatus(sr({ status: 'In Progress' }), generalEnquiry, { status: 'Pending Approval' }, actor, now));
    expect(problem.type).toBe('illegalTransition');
    expect(problem.detail).toContain('submitting correspondence for team leader approval');
  });

  it('refuses Pending Assignment for Reissue Correspondence with the procedure reason', () => {
    const problem = refusal(() => changeStatus(sr({ process: reissue.process, area: reissue.area, subArea: reissue.subArea }), reissue, { status: 'Pending Assignment' }, actor, now));
    expect(problem.type).toBe('pendingAssignmentRefused');
    expect(problem.status).toBe(422);
    expect(problem.detail).toContain('default segment');
  });

  it('marks an SR set to Pending Assignment as awaiting allocation and clears any assignee', () => {
    const { next, needsAllocation } = changeStatus(
      sr({ status: 'In Progress', assignedTo: { kind: 'caseworker', id: 'cw-bob', assignedAt: now.toISOString() } }),
      generalEnquiry,
      { status: 'Pending Assignment' },
      actor,
      now,
    );
    expect(needsAllocation).toBe(true);
    expect(next.subStatus).toBe('Awaiting Allocation');
    expect(next.assignedTo).toBeUndefined();
  });

  it('closes as Complete only when every step is done, listing the open steps', () => {
    const { next: inProgress } = changeStatus(sr(), generalEnquiry, { status: 'In Progress' }, actor, now);
    const problem = refusal(() => changeStatus(inProgress, generalEnquiry, { status: 'Closed', subStatus: 'Complete' }, actor, now));
    expect(problem.type).toBe('activityPlanIncomplete');
    expect(problem.extensions.openSteps).toHaveLength(3);
    let worked = inProgress;
    for (const step of inProgress.activityPlan) worked = setStepDone(worked, step.id, true, actor, now);
    const { next: closed } = changeStatus(worked, generalEnquiry, { status: 'Closed' }, actor, now);
    expect(closed.status).toBe('Closed');
    expect(closed.subStatus).toBe('Complete');
  });

  it('refuses Complete on an SR that was never worked', () => {
    expect(refusal(() => changeStatus(sr(), generalEnquiry, { status: 'Closed', subStatus: 'Complete' }, actor, now)).type).toBe('activityPlanIncomplete');
  });

  it('closes for another reason only with a note recording the decision', () => {
    const problem = refusal(() => changeStatus(sr(), reissue, { status: 'Closed', subStatus: 'Declined' }, actor, now));
    expect(problem.type).toBe('validation');
    expect(problem.extensions.errors).toEqual([{ field: 'body.note', rule: 'is required when subStatus is not Complete' }]);
    const { next } = changeStatus(sr(), reissue, { status: 'Closed', subStatus: 'Declined', note: 'Reissue declined: copy already on the portal' }, actor, now);
    expect(next.subStatus).toBe('Declined');
  });

  it('refuses an unknown close reason and a sub-status on other statuses', () => {
    expect(refusal(() => changeStatus(sr(), generalEnquiry, { status: 'Closed', subStatus: 'Bored', note: 'x' }, actor, now)).type).toBe('validation');
    expect(refusal(() => changeStatus(sr(), generalEnquiry, { status: 'In Progress', subStatus: 'Complete' }, actor, now)).type).toBe('validation');
  });
});

describe('activity plan steps', () => {
  const inProgress = changeStatus(sr(), generalEnquiry, { status: 'In Progress' }, actor, now).next;

  it('records who ticked a step and when, and can untick it', () => {
    const ticked = setStepDone(inProgress, 'call-back', true, actor, now);
    expect(ticked.activityPlan.find((s) => s.id === 'call-back')).toMatchObject({ done: true, doneBy: 'cw-alice', doneAt: now.toISOString() });
    const unticked = setStepDone(ticked, 'call-back', false, actor, now);
    expect(unticked.activityPlan.find((s) => s.id === 'call-back')).toEqual({ id: 'call-back', title: expect.any(String), done: false });
  });

  it('refuses an unknown step and steps outside In Progress', () => {
    expect(refusal(() => setStepDone(inProgress, 'no-such-step', true, actor, now)).status).toBe(404);
    expect(refusal(() => setStepDone(sr(), 'call-back', true, actor, now)).type).toBe('businessRule');
  });
});

describe('work allocation', () => {
  const thirdPartyAmend = findSrType({ process: 'Third Party', area: 'Maintain Third Party', subArea: 'Amend Organisation' })!;
  const overpayment = findSrType({ process: 'Payments', area: 'Non Standard Payment', subArea: '3rd Party' })!;

  it('assigns to the owning caseworker, else the owning segment', () => {
    expect(allocate(generalEnquiry, { owningCaseworker: 'cw-bob', owningSegment: 'SEG-1' })).toEqual({ kind: 'caseworker', id: 'cw-bob' });
    expect(allocate(generalEnquiry, { owningSegment: 'SEG-1' })).toEqual({ kind: 'segment', id: 'SEG-1' });
  });

  it('sends third-party maintenance to the third-party team and overpayments to finance', () => {
    expect(allocate(thirdPartyAmend, { owningCaseworker: 'cw-bob', owningSegment: 'SEG-1' })).toEqual({ kind: 'segment', id: 'THIRD-PARTY-TEAM' });
    expect(allocate(overpayment, { owningCaseworker: 'cw-bob', owningSegment: 'SEG-1' })).toEqual({ kind: 'segment', id: 'FINANCE-TEAM' });
  });
});

// Keep the status type honest: every status has an entry in the transition table.
const _exhaustive: Record<SrStatus, readonly SrStatus[]> = legalTransitions;
void _exhaustive;
