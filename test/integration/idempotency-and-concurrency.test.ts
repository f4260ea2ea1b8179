import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { generalEnquiry, givenCase, givenServiceRequest } from './fixtures.ts';

type Page = { items: { srNumber: string }[] };

describe('Idempotency-Key on creates', () => {
  it('a retry returns the first result and creates nothing twice', async () => {
    const fixture = await givenCase();
    const caseworker = api('caseworker');
    const key = randomUUID();
    const body = { caseNumber: fixture.caseNumber, ...generalEnquiry, channel: 'phone' };
    const first = await caseworker.post('/service-requests', body, { 'idempotency-key': key });
    const retry = await caseworker.post('/service-requests', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    const list = (await caseworker.get(`/cases/${fixture.caseNumber}/service-requests`)).body as Page;
    expect(list.items).toHaveLength(1);
  });

  it('concurrent requests with one key create exactly one SR', async () => {
    const fixture = await givenCase();
    const caseworker = api('caseworker');
    const key = randomUUID();
    const body = { caseNumber: fixture.caseNumber, ...generalEnquiry, channel: 'phone' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => caseworker.post('/service-requests', body, { 'idempotency-key': key })));
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    expect(new Set(created.map((a) => (a.body as { srNumber: string }).srNumber)).size).toBe(1);
    const list = (await caseworker.get(`/cases/${fixture.caseNumber}/service-requests`)).body as Page;
    expect(list.items).toHaveLength(1);
  });

  it('refuses the same key for a different request', async () => {
    const fixture = await givenCase();
    const caseworker = api('caseworker');
    const key = randomUUID();
    await caseworker.post('/service-requests', { caseNumber: fixture.caseNumber, ...generalEnquiry, channel: 'phone' }, { 'idempotency-key': key });
    const other = await caseworker.post('/service-requests', { caseNumber: fixture.caseNumber, ...generalEnquiry, channel: 'email' }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect((other.body as { type: string }).type).toBe('/problems/idempotencyKeyReused');
  });

  it('keys are per caller: two caseworkers using the same key create two SRs', async () => {
    const fixture = await givenCase();
    const key = randomUUID();
    const body = { caseNumber: fixture.caseNumber, ...generalEnquiry, channel: 'phone' };
    const a = await api('caseworker', { username: 'cw-one' }).post('/service-requests', body, { 'idempotency-key': key });
    const b = await api('caseworker', { username: 'cw-two' }).post('/service-requests', body, { 'idempotency-key': key });
    expect((a.body as { srNumber: string }).srNumber).not.toBe((b.body as { srNumber: string }).srNumber);
  });

  it('note retries with a key add the note once', async () => {
    const fixture = await givenCase();
    const { srNumber } = await givenServiceRequest(fixture);
    const caseworker = api('caseworker');
    const key = randomUUID();
    await caseworker.post(`/service-requests/${srNumber}/notes`, { text: 'Called back, no answer' }, { 'idempotency-key': key });
    await caseworker.post(`/service-requests/${srNumber}/notes`, { text: 'Called back, no answer' }, { 'idempotency-key': key });
    const notes = (await caseworker.get(`/service-requests/${srNumber}/notes`)).body as { items: unknown[] };
    expect(notes.items).toHaveLength(1);
  });
});

describe('optimistic concurrency', () => {
  it('of two concurrent changes from the same version, exactly one wins and the audit trail has one change', async () => {
    const fixture = await givenCase();
    const { srNumber, etag } = await givenServiceRequest(fixture);
    const [a, b] = await Promise.all([
      api('caseworker', { username: 'cw-one' }).post(`/service-requests/${srNumber}/status`, { status: 'In Progress' }, { 'if-match': etag }),
      api('caseworker', { username: 'cw-two' }).post(`/service-requests/${srNumber}/status`, { status: 'Closed', subStatus: 'Withdrawn', note: 'Client withdrew the enquiry' }, { 'if-match': etag }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    const current = await api('caseworker').get(`/service-requests/${srNumber}`);
    expect(current.body).toMatchObject({ status: (winner.body as { status: string }).status, version: 2 });
    const audit = (await api('caseworker').get(`/service-requests/${srNumber}/audit`)).body as { items: { action: string }[] };
    expect(audit.items.filter((e) => e.action === 'ServiceRequestStatusChanged')).toHaveLength(1);
    const notes = (await api('caseworker').get(`/service-requests/${srNumber}/notes`)).body as { items: unknown[] };
    expect(notes.items).toHaveLength(winner === b ? 1 : 0);
  });

  it('a stale replace of a read-model record gets 409 and changes nothing', async () => {
    const fixture = await givenCase();
    const manager = api('case-manager');
    const current = await manager.get(`/cases/${fixture.caseNumber}`);
    const etag = current.headers.get('etag') ?? '';
    const record = { ...(current.body as Record<string, unknown>) };
    delete record.version;
    delete record.updatedAt;
    const first = await manager.put(`/cases/${fixture.caseNumber}`, { ...record, owningSegment: 'SEG-A' }, { 'if-match': etag });
    const second = await manager.put(`/cases/${fixture.caseNumber}`, { ...record, owningSegment: 'SEG-B' }, { 'if-match': etag });
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect((await manager.get(`/cases/${fixture.caseNumber}`)).body).toMatchObject({ owningSegment: 'SEG-A', version: 2 });
    const created = await manager.put(`/cases/${fixture.caseNumber}`, record);
    expect(created.status).toBe(409);
    expect((created.body as { type: string }).type).toBe('/problems/alreadyExists');
  });
});
