import { describe, expect, it } from 'vitest';
import { api, runSchedule } from '../support/api.ts';
import { eventually, givenCase, givenServiceRequest } from './fixtures.ts';

type Sr = { status: string; subStatus?: string; assignedTo?: { kind: string; id: string }; version: number };

async function setPendingAssignment(srNumber: string, etag: string): Promise<void> {
  const res = await api('caseworker').post(`/service-requests/${srNumber}/status`, { status: 'Pending Assignment' }, { 'if-match': etag });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toMatchObject({ status: 'Pending Assignment', subStatus: 'Awaiting Allocation' });
}

const read = async (srNumber: string) => (await api('team-leader').get(`/service-requests/${srNumber}`)).body as Sr;

describe('work allocation', () => {
  it('assigns a Pending Assignment SR to the owning caseworker of the case', async () => {
    const fixture = await givenCase({ owningCaseworker: 'cw-bronwen' });
    const { srNumber, etag } = await givenServiceRequest(fixture);
    await setPendingAssignment(srNumber, etag);
    const sr = await eventually(() => read(srNumber), (s) => s.assignedTo !== undefined);
    expect(sr).toMatchObject({ status: 'Pending Assignment', subStatus: 'Assigned', assignedTo: { kind: 'caseworker', id: 'cw-bronwen' } });
    const audit = (await api('caseworker').get(`/service-requests/${srNumber}/audit`)).body as { items: { action: string; channel: string }[] };
    expect(audit.items.at(-1)).toMatchObject({ action: 'ServiceRequestAllocated', channel: 'system' });
  });

  it('assigns to the owning segment when the case has no owning caseworker', async () => {
    const fixture = await givenCase({ owningCaseworker: null, owningSegment: 'SEG-ENFORCEMENT-02' });
    const { srNumber, etag } = await givenServiceRequest(fixture);
    await setPendingAssignment(srNumber, etag);
    const sr = await eventually(() => read(srNumber), (s) => s.assignedTo !== undefined);
    expect(sr.assignedTo).toMatchObject({ kind: 'segment', id: 'SEG-ENFORCEMENT-02' });
  });

  it('sends third-party maintenance SRs to the third-party team', async () => {
    const fixture = await givenCase();
    const { srNumber, etag } = await givenServiceRequest(fixture, { process: 'Third Party', area: 'Maintain Third Party', subArea: 'Amend Organisation' });
    await setPendingAssignment(srNumber, etag);
    const sr = await eventually(() => read(srNumber), (s) => s.assignedTo !== undefined);
    expect(sr.assignedTo).toMatchObject({ kind: 'segment', id: 'THIRD-PARTY-TEAM' });
  });

  it('the requeue schedule re-sends allocation for SRs left waiting, and allocation happens once', async () => {
    const fixture = await givenCase({ owningCaseworker: 'cw-dafydd' });
    const { srNumber, etag } = await givenServiceRequest(fixture);
    await setPendingAssignment(srNumber, etag);
    const assigned = await eventually(() => read(srNumber), (s) => s.assignedTo !== undefined);
    // Re-running the sweep (at-least-once delivery) must not allocate again or change the SR.
    await runSchedule('requeueUnallocated', { staleAfterSeconds: 0 });
    await new Promise((r) => setTimeout(r, 1500));
    const after = await read(srNumber);
    expect(after.version).toBe(assigned.version);
    const audit = (await api('caseworker').get(`/service-requests/${srNumber}/audit`)).body as { items: { action: string }[] };
    expect(audit.items.filter((e) => e.action === 'ServiceRequestAllocated')).toHaveLength(1);
  });

  it('the assignee can then take the SR In Progress', async () => {
    const fixture = await givenCase({ owningCaseworker: 'cw-bronwen' });
    const { srNumber, etag } = await givenServiceRequest(fixture);
    await setPendingAssignment(srNumber, etag);
    const sr = await eventually(() => read(srNumber), (s) => s.assignedTo !== undefined);
    const res = await api('caseworker', { username: 'cw-bronwen' }).post(`/service-requests/${srNumber}/status`, { status: 'In Progress' }, { 'if-match': `"${sr.version}"` });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'In Progress', assignedTo: { id: 'cw-bronwen' } });
  });
});
