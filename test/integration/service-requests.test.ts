import { describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { generalEnquiry, givenCase, givenServiceRequest, reissueCorrespondence } from './fixtures.ts';

type Json = Record<string, unknown>;
type Sr = Json & { srNumber: string; status: string; subStatus?: string; version: number; activityPlan: { id: string; done: boolean; doneBy?: string }[] };

const expectProblem = (res: { status: number; headers: Headers; body: unknown }, status: number, type: string) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect((res.body as Json).type).toBe(`/problems/${type}`);
  return res.body as Json & { detail: string; errors?: { field: string; rule: string }[] };
};

describe('a caseworker works a service request end to end', () => {
  it('creates, starts, ticks every step, notes and closes it, with every step in the audit trail', async () => {
    const fixture = await givenCase();
    const caseworker = api('caseworker', { username: 'cw-alice' });
    const { srNumber, etag, body } = await givenServiceRequest(fixture);
    expect(body).toMatchObject({ status: 'Open', caseNumber: fixture.caseNumber, ...generalEnquiry, channel: 'phone', createdBy: 'cw-alice', version: 1, activityPlan: [] });
    expect(srNumber).toMatch(/^SR-[0-9A-Z]{8}$/);
    expect(etag).toBe('"1"');

    const started = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'In Progress' }, { 'if-match': etag });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    let sr = started.body as Sr;
    expect(sr.status).toBe('In Progress');
    expect(sr.activityPlan.map((s) => s.id)).toEqual(['record-enquiry', 'call-back', 'resolve-enquiry']);

    for (const step of sr.activityPlan) {
      const ticked = await caseworker.put(`/service-requests/${srNumber}/activity-plan/${step.id}`, { done: true }, { 'if-match': `"${sr.version}"` });
      expect(ticked.status, JSON.stringify(ticked.body)).toBe(200);
      sr = ticked.body as Sr;
    }
    expect(sr.activityPlan.every((s) => s.done && s.doneBy === 'cw-alice')).toBe(true);

    const note = await caseworker.post(`/service-requests/${srNumber}/notes`, { text: 'Told the caller the next payment is due on 1 December.' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ author: 'cw-alice', kind: 'note', srNumber });

    const closed = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Closed', subStatus: 'Complete' }, { 'if-match': `"${sr.version}"` });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ status: 'Closed', subStatus: 'Complete' });

    const notes = await caseworker.get(`/service-requests/${srNumber}/notes`);
    expect((notes.body as { items: Json[] }).items.map((n) => n.text)).toEqual(['Told the caller the next payment is due on 1 December.']);

    const audit = (await caseworker.get(`/service-requests/${srNumber}/audit`)).body as { items: (Json & { action: string; actor: Json; channel: string; changes: Json })[] };
    expect(audit.items.map((e) => e.action)).toEqual([
      'ServiceRequestCreated',
      'ServiceRequestStatusChanged',
      'ActivityStepDone',
      'ActivityStepDone',
      'ActivityStepDone',
      'NoteAdded',
      'ServiceRequestStatusChanged',
    ]);
    expect(audit.items.every((e) => (e.actor as Json).id === 'cw-alice' && e.channel === 'caseworker-ui')).toBe(true);
    expect(audit.items[1]?.changes.status).toEqual({ before: 'Open', after: 'In Progress' });
    expect(audit.items[6]?.changes.subStatus).toEqual({ before: null, after: 'Complete' });

    // The same events are on the case's trail and the client's trail.
    const caseTrail = (await caseworker.get(`/cases/${fixture.caseNumber}/audit?limit=100`)).body as { items: Json[] };
    expect(caseTrail.items.filter((e) => (e.entity as Json).id === srNumber)).toHaveLength(7);
    const clientTrail = (await caseworker.get(`/contacts/${fixture.receivingParent}/audit?limit=100`)).body as { items: Json[] };
    expect(clientTrail.items.filter((e) => (e.entity as Json).id === srNumber)).toHaveLength(7);
  });

  it('lists the SRs of a case a page at a time with an opaque cursor', async () => {
    const fixture = await givenCase();
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await givenServiceRequest(fixture)).srNumber);
    const caseworker = api('caseworker');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await caseworker.get(`/cases/${fixture.caseNumber}/service-requests?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = res.body as { items: Sr[]; nextCursor?: string };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((s) => s.srNumber));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(created.sort());
  });

  it('refuses a cursor from another list', async () => {
    const a = await givenCase();
    const b = await givenCase();
    await givenServiceRequest(a);
    await givenServiceRequest(a);
    await givenServiceRequest(b);
    const caseworker = api('caseworker');
    const first = (await caseworker.get(`/cases/${a.caseNumber}/service-requests?limit=1`)).body as { nextCursor: string };
    const res = await caseworker.get(`/cases/${b.caseNumber}/service-requests?cursor=${first.nextCursor}`);
    const problem = expectProblem(res, 400, 'validation');
    expect(problem.errors?.[0]?.field).toBe('query.cursor');
  });
});

describe('service request refusals', () => {
  it('refuses an SR type that is not in the catalogue, suggesting the valid ones', async () => {
    const fixture = await givenCase();
    const res = await api('caseworker').post('/service-requests', { caseNumber: fixture.caseNumber, process: 'Manage Inbound Call', area: 'General Enquiry', subArea: 'Complaint', channel: 'phone' });
    const problem = expectProblem(res, 422, 'businessRule');
    expect(problem.detail).toContain('Sub Areas of Manage Inbound Call / General Enquiry: General Enquiry');
  });

  it('refuses an SR on a case that does not exist, and a contact who is not on the case', async () => {
    const fixture = await givenCase();
    const caseworker = api('caseworker');
    const noCase = await caseworker.post('/service-requests', { caseNumber: '1-0000000001', ...generalEnquiry, channel: 'phone' });
    expect(expectProblem(noCase, 422, 'businessRule').errors).toEqual([{ field: 'body.caseNumber', rule: 'must be an existing case' }]);
    const stranger = await caseworker.post('/service-requests', { caseNumber: fixture.caseNumber, contact: { type: 'client', scin: '9999999999' }, ...generalEnquiry, channel: 'phone' });
    expect(expectProblem(stranger, 422, 'businessRule').errors?.[0]?.field).toBe('body.contact');
    const wrongEmployer = await caseworker.post('/service-requests', { caseNumber: fixture.caseNumber, contact: { type: 'employer', ern: 'E0000001' }, ...generalEnquiry, channel: 'letter' });
    expect(expectProblem(wrongEmployer, 422, 'businessRule').errors?.[0]?.field).toBe('body.contact');
  });

  it("accepts the receiving parent's active representative as the contact, and no other representative", async () => {
    const fixture = await givenCase({ representative: true });
    const caseworker = api('caseworker');
    const ok = await caseworker.post('/service-requests', { caseNumber: fixture.caseNumber, contact: { type: 'representative', scin: fixture.representative }, ...generalEnquiry, channel: 'letter' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const other = await caseworker.post('/service-requests', { caseNumber: fixture.caseNumber, contact: { type: 'representative', scin: '1212121212' }, ...generalEnquiry, channel: 'letter' });
    expect(expectProblem(other, 422, 'businessRule').errors?.[0]?.rule).toContain('active representative');
  });

  it('names each bad field and the rule it broke', async () => {
    const res = await api('caseworker').post('/service-requests', { caseNumber: '12', process: 'Manage Inbound Call', area: 'General Enquiry', subArea: 'General Enquiry', channel: 'pigeon', colour: 'blue' });
    const problem = expectProblem(res, 400, 'validation');
    const fields = problem.errors?.map((e) => e.field) ?? [];
    expect(fields).toEqual(expect.arrayContaining(['body.caseNumber', 'body.channel', 'body']));
    expect(problem.errors?.find((e) => e.field === 'body')?.rule).toContain('colour');
  });

  it('refuses malformed JSON, a missing content type and an oversized body with 4xx', async () => {
    const caseworker = api('caseworker');
    expectProblem(await caseworker.raw('POST', '/service-requests', '{"caseNumber":', { 'content-type': 'application/json' }), 400, 'malformedJson');
    expectProblem(await caseworker.raw('POST', '/service-requests', '{}', { 'content-type': 'text/plain' }), 415, 'unsupportedMediaType');
    expectProblem(await caseworker.raw('POST', '/service-requests', JSON.stringify({ description: 'x'.repeat(70_000) }), { 'content-type': 'application/json' }), 413, 'payloadTooLarge');
    expectProblem(await caseworker.get('/service-requests/not-an-sr'), 400, 'validation');
    expectProblem(await caseworker.get('/service-requests/SR-00000000'), 404, 'notFound');
  });

  it('refuses an illegal transition, saying which are allowed', async () => {
    const fixture = await givenCase();
    const { srNumber, etag } = await givenServiceRequest(fixture);
    const res = await api('caseworker').post(`/service-requests/${srNumber}/status`, { status: 'Open' }, { 'if-match': etag });
    const problem = expectProblem(res, 409, 'illegalTransition');
    expect(problem.allowed).toEqual(['In Progress', 'Pending Assignment', 'Closed']);
  });

  it('refuses to close as Complete with open steps, listing them', async () => {
    const fixture = await givenCase();
    const { srNumber, etag } = await givenServiceRequest(fixture);
    const caseworker = api('caseworker');
    const started = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'In Progress' }, { 'if-match': etag });
    const res = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Closed', subStatus: 'Complete' }, { 'if-match': started.headers.get('etag') ?? '' });
    const problem = expectProblem(res, 422, 'activityPlanIncomplete');
    expect((problem.openSteps as unknown[]).length).toBe(3);
    expect((await caseworker.get(`/service-requests/${srNumber}`)).body).toMatchObject({ status: 'In Progress' });
  });

  it('refuses Pending Assignment on a Reissue Correspondence SR with the procedure reason', async () => {
    const fixture = await givenCase();
    const { srNumber, etag } = await givenServiceRequest(fixture, reissueCorrespondence);
    const res = await api('caseworker').post(`/service-requests/${srNumber}/status`, { status: 'Pending Assignment' }, { 'if-match': etag });
    expect(expectProblem(res, 422, 'pendingAssignmentRefused').detail).toContain('default segment');
  });

  it('records a declined reissue as a decision note when closing', async () => {
    const fixture = await givenCase();
    const { srNumber, etag } = await givenServiceRequest(fixture, reissueCorrespondence);
    const caseworker = api('caseworker');
    const missingNote = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Closed', subStatus: 'Declined' }, { 'if-match': etag });
    expectProblem(missingNote, 400, 'validation');
    const closed = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Closed', subStatus: 'Declined', note: 'Reissue declined: the letter is on the self-service portal.' }, { 'if-match': etag });
    expect(closed.status).toBe(200);
    const notes = (await caseworker.get(`/service-requests/${srNumber}/notes`)).body as { items: Json[] };
    expect(notes.items).toEqual([expect.objectContaining({ kind: 'decision', text: 'Reissue declined: the letter is on the self-service portal.' })]);
  });

  it('requires If-Match on updates and refuses a stale one without changing anything', async () => {
    const fixture = await givenCase();
    const { srNumber, etag } = await givenServiceRequest(fixture);
    const caseworker = api('caseworker');
    expectProblem(await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'In Progress' }), 428, 'preconditionRequired');
    expectProblem(await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'In Progress' }, { 'if-match': 'banana' }), 400, 'validation');
    expect((await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'In Progress' }, { 'if-match': etag })).status).toBe(200);
    const stale = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Closed', subStatus: 'Withdrawn', note: 'x' }, { 'if-match': etag });
    expect(expectProblem(stale, 409, 'conflict').currentVersion).toBe(2);
    expect((await caseworker.get(`/service-requests/${srNumber}`)).body).toMatchObject({ status: 'In Progress', version: 2 });
  });
});
