import { describe, expect, inject, it } from 'vitest';
import { anonymous, api, outsideSegment, testSegments } from '../support/api.ts';
import { givenCase, givenGeneratedLetter } from './fixtures.ts';

/**
 * Access as the procedures draw it: staff reach the cases owned by their segments and everything hanging
 * off them; anything else answers 404, exactly as a record that does not exist.
 */

const mine = api('caseworker', { username: 'cw-alice' });
const outsider = { username: 'cw-ola', segments: [outsideSegment] };
const theirs = api('caseworker', outsider);
const manager = api('case-manager');
const etagOf = (res: { headers: Headers }) => res.headers.get('etag') ?? '';
const without = (body: unknown, ...values: string[]) => values.reduce((text, v) => text.replaceAll(v, '<id>'), JSON.stringify(body));

/** A case of a segment the default test staff do not work in, with an SR raised by its own caseworker. */
async function givenOutsideCase() {
  const fixture = await givenCase({ owningSegment: outsideSegment, owningCaseworker: 'cw-ola' });
  const created = await theirs.post('/service-requests', { caseNumber: fixture.caseNumber, contact: { type: 'client', scin: fixture.receivingParent }, process: 'Manage Inbound Call', area: 'General Enquiry', subArea: 'General Enquiry', channel: 'phone' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { fixture, sr: { srNumber: (created.body as { srNumber: string }).srNumber, etag: etagOf(created) } };
}

describe('case access by segment', () => {
  it("a caseworker cannot read a case of another segment, nor anything hanging off it (404, as if it did not exist); its own staff can", async () => {
    const { fixture, sr } = await givenOutsideCase();
    const srNumber = sr.srNumber;

    const routes = [`/cases/${fixture.caseNumber}`, `/service-requests/${srNumber}`, `/service-requests/${srNumber}/notes`, `/service-requests/${srNumber}/audit`, `/cases/${fixture.caseNumber}/service-requests`, `/cases/${fixture.caseNumber}/letters`, `/cases/${fixture.caseNumber}/emails`, `/cases/${fixture.caseNumber}/duplicate-requests`, `/cases/${fixture.caseNumber}/audit`];
    for (const path of routes) {
      const outside = await mine.get(path);
      expect(outside.status, `${path}: ${JSON.stringify(outside.body)}`).toBe(404);
      expect((await theirs.get(path)).status, path).toBe(200);
    }
    // The same answer as for a record that does not exist.
    const missing = await mine.get('/cases/1-0000000000');
    const hidden = await mine.get(`/cases/${fixture.caseNumber}`);
    expect(without(hidden.body, fixture.caseNumber)).toBe(without(missing.body, '1-0000000000'));
    const srMissing = await mine.get('/service-requests/SR-00000000');
    expect(without((await mine.get(`/service-requests/${srNumber}`)).body, srNumber)).toBe(without(srMissing.body, 'SR-00000000'));
  });

  it('nobody outside the segment can act on its records: changes answer 404, and an SR cannot be raised on the case', async () => {
    const { fixture, sr } = await givenOutsideCase();
    expect((await mine.post(`/service-requests/${sr.srNumber}/status`, { status: 'In Progress' }, { 'if-match': sr.etag })).status).toBe(404);
    expect((await mine.post(`/service-requests/${sr.srNumber}/notes`, { text: 'Not my case' })).status).toBe(404);
    const raise = await mine.post('/service-requests', { caseNumber: fixture.caseNumber, process: 'Manage Inbound Call', area: 'General Enquiry', subArea: 'General Enquiry', channel: 'phone' });
    const raiseMissing = await mine.post('/service-requests', { caseNumber: '1-0000000000', process: 'Manage Inbound Call', area: 'General Enquiry', subArea: 'General Enquiry', channel: 'phone' });
    expect(raise.status).toBe(raiseMissing.status);
    expect(without(raise.body, fixture.caseNumber)).toBe(without(raiseMissing.body, '1-0000000000'));
  });

  it("a team leader reads and decides only their own segments' approval queues", async () => {
    const tl = api('team-leader', { username: 'tl-tomos' });
    expect((await tl.get(`/approval-queue/${outsideSegment}`)).status).toBe(404);
    expect((await tl.get(`/approval-queue/${outsideSegment}/summary`)).status).toBe(404);
    expect((await tl.get(`/enquiries-due/${outsideSegment}`)).status).toBe(404);
    expect((await tl.get('/approval-queue/SEG-MAINTENANCE-01')).status).toBe(200);
    expect((await api('team-leader', { username: 'tl-ola', segments: [outsideSegment] }).get(`/approval-queue/${outsideSegment}`)).status).toBe(200);

    // A letter waiting in the queue of a segment the team leader does not work in: it does not exist for them.
    const fixture = await givenCase({ owningSegment: 'SEG-APPROVAL-01' });
    const letter = await givenGeneratedLetter(fixture);
    const submitted = await mine.post(`/letters/${letter.correspondenceId}/submit-for-approval`, undefined, { 'if-match': letter.etag });
    expect(submitted.status).toBe(200);
    const stranger = api('team-leader', { username: 'tl-ola', segments: [outsideSegment] });
    expect((await stranger.post(`/letters/${letter.correspondenceId}/approve`, {}, { 'if-match': etagOf(submitted) })).status).toBe(404);
    expect((await tl.post(`/letters/${letter.correspondenceId}/approve`, {}, { 'if-match': etagOf(submitted) })).status).toBe(200);
  });

  it('a case moving to another segment moves its access with it', async () => {
    const fixture = await givenCase({ owningSegment: outsideSegment });
    expect((await mine.get(`/cases/${fixture.caseNumber}`)).status).toBe(404);
    const current = await manager.get(`/cases/${fixture.caseNumber}`, {});
    expect(current.status).toBe(404);
    const outsideManager = api('case-manager', { segments: [outsideSegment] });
    // The case system moves it (here a manager working in both segments; nobody may write a case into a segment they are not in).
    const mover = api('case-manager', { username: 'cm-mover', segments: [outsideSegment, testSegments[3]] });
    const read = await outsideManager.get(`/cases/${fixture.caseNumber}`);
    const { version: _v, updatedAt: _u, ...record } = read.body as Record<string, unknown>;
    expect((await outsideManager.put(`/cases/${fixture.caseNumber}`, { ...record, owningSegment: testSegments[3] }, { 'if-match': etagOf(read) })).status).toBe(404);
    const moved = await mover.put(`/cases/${fixture.caseNumber}`, { ...record, owningSegment: testSegments[3] }, { 'if-match': etagOf(read) });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((await mine.get(`/cases/${fixture.caseNumber}`)).status).toBe(200);
    expect((await outsideManager.get(`/cases/${fixture.caseNumber}`)).status).toBe(404);
  });

  it('a client or employer is reachable only through a case of the caller’s segments', async () => {
    const fixture = await givenCase({ owningSegment: outsideSegment });
    expect((await mine.get(`/clients/${fixture.receivingParent}`)).status).toBe(404);
    expect((await mine.get(`/employers/${fixture.ern}`)).status).toBe(404);
    // Their trails and lists show nothing of cases out of reach, as for a contact nobody knows.
    expect(((await mine.get(`/contacts/${fixture.receivingParent}/audit`)).body as { items: unknown[] }).items).toEqual([]);
    expect(((await mine.get(`/clients/${fixture.receivingParent}/service-requests`)).body as { items: unknown[] }).items).toEqual([]);
    expect(((await theirs.get(`/contacts/${fixture.receivingParent}/audit`)).body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect((await theirs.get(`/clients/${fixture.receivingParent}`)).status).toBe(200);
    expect((await theirs.get(`/employers/${fixture.ern}`)).status).toBe(200);
  });

  it('a client or machine token that also holds another role is refused; an access token is not an ID token; staff tokens carry their segments', async () => {
    const { loadDevIssuer } = await import('../../local/dev-issuer.ts');
    const issuer = await loadDevIssuer(inject('localStack').dataDir);
    const call = async (token: string) => (await anonymous({ authorization: `Bearer ${token}` }).get('/service-request-types')).status;
    expect(await call(await issuer.issueToken({ role: 'caseworker' }))).toBe(200);
    const payload = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(payload(await issuer.issueToken({ role: 'caseworker' }))).toMatchObject({ token_use: 'id', 'custom:segments': 'SEG-LEEDS-01,SEG-GLASGOW-03,SEG-BELFAST-02' });
    expect(await call(await issuer.issueToken({ role: 'client', scin: '3000000101', extraGroups: ['caseworker'] }))).toBe(403);
    expect(await call(await issuer.issueToken({ role: 'fulfilment-house', extraGroups: ['team-leader'] }))).toBe(403);
    expect(await call(await issuer.issueToken({ role: 'caseworker', tokenUse: 'access' }))).toBe(401);
  });
});

describe('who owns a case, for routing', () => {
  it('anyone on the staff, the third-party team included, finds the owning caseworker and segment of any case by case number or SCIN, and nothing more', async () => {
    const fixture = await givenCase({ owningSegment: outsideSegment, owningCaseworker: 'cw-ola' });
    for (const role of ['third-party-team', 'caseworker'] as const) {
      const byCase = await api(role).get(`/case-owners?caseNumber=${fixture.caseNumber}`);
      expect(byCase.status, JSON.stringify(byCase.body)).toBe(200);
      expect(byCase.body).toEqual({ items: [{ caseNumber: fixture.caseNumber, owningCaseworker: 'cw-ola', owningSegment: outsideSegment }] });
    }
    const byClient = await api('third-party-team').get(`/case-owners?scin=${fixture.receivingParent}`);
    expect(byClient.body).toEqual({ items: [{ caseNumber: fixture.caseNumber, owningCaseworker: 'cw-ola', owningSegment: outsideSegment }] });
    expect((await api('third-party-team').get('/case-owners?caseNumber=1-0000000000')).status).toBe(404);
    expect((await api('third-party-team').get(`/case-owners?caseNumber=${fixture.caseNumber}&scin=${fixture.receivingParent}`)).status).toBe(400);
    // The case itself stays out of reach for a caseworker of another segment.
    expect((await mine.get(`/cases/${fixture.caseNumber}`)).status).toBe(404);
  });
});
