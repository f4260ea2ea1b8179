import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../functions/catalogue.ts';
import type { HttpTrigger } from '../../functions/platform/catalogue-types.ts';
import '../support/in-process.ts';
import { incidentItem, newIncident } from '../../functions/emails/incidents.ts';
import type { Email } from '../../functions/emails/schemas.ts';
import { transact } from '../../functions/platform/dynamo.ts';
import { anonymous, api, ownSegment } from '../support/api.ts';
import { givenEnquirySr, givenSelfServiceCase, inboundContact } from './email-flows.ts';
import { eventually, givenCase, givenGeneratedLetter, givenServiceRequest, uniqueDigits } from './fixtures.ts';
import { cmsl5512, givenSentLetter, selfApproved } from './letter-flows.ts';

type Doc = { openapi: string; paths: Record<string, Record<string, { 'x-roles': string[]; responses: Record<string, unknown> }>> };

let doc: Doc;
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** Validates a real response against the schema the OpenAPI document gives for that path, method and status. */
function expectDocumented(path: string, method: string, res: { status: number; headers: Headers; body: unknown }) {
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!;
  const ref = `openapi#/${pointer('paths', path, method, 'responses', String(res.status), 'content', contentType, 'schema')}`;
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  const ok = validate(res.body);
  expect(ok, `${method.toUpperCase()} ${path} ${res.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

describe('the OpenAPI document', () => {
  beforeAll(async () => {
    const res = await anonymous().get('/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body as Doc;
    ajv.addSchema(doc as object, 'openapi');
  });

  it('is OpenAPI 3.1 and documents every route with its roles', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const fn of catalogue) {
      if (fn.trigger.type !== 'http') continue;
      const trigger = fn.trigger as HttpTrigger;
      const operation = doc.paths[trigger.path]?.[trigger.method.toLowerCase()];
      expect(operation, `${trigger.method} ${trigger.path}`).toBeDefined();
      expect(operation?.['x-roles']).toEqual(trigger.roles);
    }
  });

  it('matches real responses, successes and problems alike', async () => {
    const fixture = await givenCase();
    const caseworker = api('caseworker');
    const created = await caseworker.post('/service-requests', { caseNumber: fixture.caseNumber, contact: { type: 'client', scin: fixture.receivingParent }, process: 'Manage Inbound Call', area: 'General Enquiry', subArea: 'General Enquiry', channel: 'phone' });
    expectDocumented('/service-requests', 'post', created);
    const { srNumber, etag } = await givenServiceRequest(fixture);
    expectDocumented('/service-requests/{srNumber}', 'get', await caseworker.get(`/service-requests/${srNumber}`));
    const started = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'In Progress' }, { 'if-match': etag });
    expectDocumented('/service-requests/{srNumber}/status', 'post', started);
    expectDocumented('/service-requests/{srNumber}/activity-plan/{stepId}', 'put', await caseworker.put(`/service-requests/${srNumber}/activity-plan/call-back`, { done: true }, { 'if-match': started.headers.get('etag') ?? '' }));
    expectDocumented('/service-requests/{srNumber}/notes', 'post', await caseworker.post(`/service-requests/${srNumber}/notes`, { text: 'hello' }));
    expectDocumented('/service-requests/{srNumber}/notes', 'get', await caseworker.get(`/service-requests/${srNumber}/notes`));
    expectDocumented('/service-requests/{srNumber}/audit', 'get', await caseworker.get(`/service-requests/${srNumber}/audit`));
    expectDocumented('/cases/{caseNumber}/service-requests', 'get', await caseworker.get(`/cases/${fixture.caseNumber}/service-requests`));
    expectDocumented('/service-request-types', 'get', await caseworker.get('/service-request-types'));
    expectDocumented('/cases/{caseNumber}', 'get', await caseworker.get(`/cases/${fixture.caseNumber}`));
    expectDocumented('/clients/{scin}', 'get', await caseworker.get(`/clients/${fixture.receivingParent}`));
    expectDocumented('/cases/{caseNumber}/audit', 'get', await caseworker.get(`/cases/${fixture.caseNumber}/audit`));

    // Problems
    expectDocumented('/service-requests', 'post', await caseworker.post('/service-requests', { caseNumber: 'nope' }));
    expectDocumented('/service-requests/{srNumber}', 'get', await caseworker.get('/service-requests/SR-00000000'));
    expectDocumented('/service-requests/{srNumber}/status', 'post', await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Open' }, { 'if-match': etag }));
    expectDocumented('/service-requests/{srNumber}/status', 'post', await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Closed' }));
    expectDocumented('/cases/{caseNumber}', 'get', await api('client', { scin: fixture.receivingParent }).get(`/cases/${fixture.caseNumber}`));
  });

  it('matches real responses of the email routes, successes and problems alike', async () => {
    const segment = ownSegment(`SEG-OPENAPI-${uniqueDigits(6)}`);
    const fixture = await givenSelfServiceCase({ owningSegment: segment });
    const caseworker = api('caseworker', { username: 'cw-alice' });
    const teamLeader = api('team-leader', { username: 'tl-tomos' });
    const client = api('client', { scin: fixture.receivingParent });
    const ifMatch = (res: { headers: Headers }) => ({ 'if-match': res.headers.get('etag') ?? '' });
    const toClient = { templateId: 'CMSL5515', recipient: { type: 'client', scin: fixture.receivingParent } };
    const expectStatus = (res: { status: number; body: unknown }, status: number) => expect(res.status, JSON.stringify(res.body)).toBe(status);

    const templates = await caseworker.get('/email-templates');
    expectStatus(templates, 200);
    expectDocumented('/email-templates', 'get', templates);

    // Draft -> Generated -> Pending Approval -> Approved -> Sending -> Successfully Fulfilled.
    const { srNumber } = await givenEnquirySr(fixture, 'missing-payment');
    const created = await caseworker.post('/emails', { srNumber, ...toClient });
    expectStatus(created, 201);
    expectDocumented('/emails', 'post', created);
    const id = (created.body as { correspondenceId: string }).correspondenceId;
    const read = await caseworker.get(`/emails/${id}`);
    expectStatus(read, 200);
    expectDocumented('/emails/{correspondenceId}', 'get', read);
    const composed = await caseworker.patch(`/emails/${id}`, { paragraphs: ['LTT-MP-01', 'LTT-MP-05'] }, ifMatch(created));
    expectStatus(composed, 200);
    expectDocumented('/emails/{correspondenceId}', 'patch', composed);
    const generated = await caseworker.post(`/emails/${id}/generate`, undefined, ifMatch(composed));
    expectStatus(generated, 200);
    expectDocumented('/emails/{correspondenceId}/generate', 'post', generated);
    const submitted = await caseworker.post(`/emails/${id}/submit-for-approval`, undefined, ifMatch(generated));
    expectStatus(submitted, 200);
    expectDocumented('/emails/{correspondenceId}/submit-for-approval', 'post', submitted);
    const approved = await teamLeader.post(`/emails/${id}/approve`, {}, ifMatch(submitted));
    expectStatus(approved, 200);
    expectDocumented('/emails/{correspondenceId}/approve', 'post', approved);
    const sending = await caseworker.post(`/emails/${id}/send`, undefined, ifMatch(approved));
    expectStatus(sending, 202);
    expectDocumented('/emails/{correspondenceId}/send', 'post', sending);
    const sent = await eventually(() => caseworker.get(`/emails/${id}`), (r) => (r.body as { status: string }).status === 'Successfully Fulfilled');
    expect((sent.body as { status: string }).status).toBe('Successfully Fulfilled');
    expectDocumented('/emails/{correspondenceId}', 'get', sent);

    // Rejected back to Draft, then cancelled.
    const second = await caseworker.post('/emails', { caseNumber: fixture.caseNumber, scenario: 'account-calculation', ...toClient, paragraphs: ['LTT-AC-01'] });
    expectStatus(second, 201);
    expectDocumented('/emails', 'post', second);
    const secondId = (second.body as { correspondenceId: string }).correspondenceId;
    const secondGenerated = await caseworker.post(`/emails/${secondId}/generate`, undefined, ifMatch(second));
    const secondSubmitted = await caseworker.post(`/emails/${secondId}/submit-for-approval`, undefined, ifMatch(secondGenerated));
    expectStatus(secondSubmitted, 200);
    const rejected = await teamLeader.post(`/emails/${secondId}/reject`, { reasons: 'Add the line about the annual review.' }, ifMatch(secondSubmitted));
    expectStatus(rejected, 200);
    expectDocumented('/emails/{correspondenceId}/reject', 'post', rejected);
    const cancelled = await caseworker.post(`/emails/${secondId}/cancel`, { reason: 'No Longer Required' }, ifMatch(rejected));
    expectStatus(cancelled, 200);
    expectDocumented('/emails/{correspondenceId}/cancel', 'post', cancelled);

    // Lists: staff see every email; the client sees the one sent to them, as they received it.
    const forCase = await caseworker.get(`/cases/${fixture.caseNumber}/emails`);
    expect((forCase.body as { items: unknown[] }).items).toHaveLength(2);
    expectDocumented('/cases/{caseNumber}/emails', 'get', forCase);
    const forClient = await caseworker.get(`/clients/${fixture.receivingParent}/emails`);
    expect((forClient.body as { items: unknown[] }).items).toHaveLength(2);
    expectDocumented('/clients/{scin}/emails', 'get', forClient);
    const portal = await client.get(`/clients/${fixture.receivingParent}/emails`);
    expect((portal.body as { items: { correspondenceId: string }[] }).items.map((e) => e.correspondenceId)).toEqual([id]);
    expectDocumented('/clients/{scin}/emails', 'get', portal);
    const portalEmail = await client.get(`/emails/${id}`);
    expectStatus(portalEmail, 200);
    expect(portalEmail.body).not.toHaveProperty('statusHistory');
    expectDocumented('/emails/{correspondenceId}', 'get', portalEmail);

    // Incidents: one recorded as the sender records it (3 failed retries cannot be produced here).
    const incident = newIncident(sent.body as Email, 'email-not-sent', 'SES could not send the email just now (ServiceUnavailable); it will be retried.', new Date());
    await transact([incidentItem(incident)]);
    const incidents = await caseworker.get('/incidents?limit=100');
    expectStatus(incidents, 200);
    expectDocumented('/incidents', 'get', incidents);
    const oneIncident = await caseworker.get(`/incidents/${incident.incidentId}`);
    expectStatus(oneIncident, 200);
    expectDocumented('/incidents/{incidentId}', 'get', oneIncident);

    // The 2-day promise: an enquiry that arrived 10 days ago is overdue.
    const overdue = await caseworker.post('/service-requests', { caseNumber: fixture.caseNumber, contact: { type: 'client', scin: fixture.receivingParent }, ...inboundContact, channel: 'self-service', enquiry: { scenario: 'missing-payment', receivedAt: new Date(Date.now() - 10 * 86_400_000).toISOString() } });
    expectStatus(overdue, 201);
    const due = await teamLeader.get(`/enquiries-due/${segment}`);
    expectStatus(due, 200);
    expect((due.body as { items: { srNumber: string; state: string }[] }).items).toContainEqual(expect.objectContaining({ srNumber: (overdue.body as { srNumber: string }).srNumber, state: 'overdue' }));
    expectDocumented('/enquiries-due/{segment}', 'get', due);

    // Problems
    const ineligible = await caseworker.post('/emails', { srNumber: (await givenEnquirySr(fixture)).srNumber, templateId: 'CMSL5515', recipient: { type: 'client', scin: fixture.payingParent } });
    expectStatus(ineligible, 422);
    expectDocumented('/emails', 'post', ineligible);
    const draft = await caseworker.post('/emails', { caseNumber: fixture.caseNumber, scenario: 'missing-payment', ...toClient });
    expectStatus(draft, 201);
    const draftId = (draft.body as { correspondenceId: string }).correspondenceId;
    const freeText = await caseworker.patch(`/emails/${draftId}`, { paragraphs: ['We have received your payment and passed it on.'] }, ifMatch(draft));
    expectStatus(freeText, 400);
    expectDocumented('/emails/{correspondenceId}', 'patch', freeText);
    const otherScenario = await caseworker.patch(`/emails/${draftId}`, { paragraphs: ['LTT-AC-01'] }, ifMatch(draft));
    expectStatus(otherScenario, 422);
    expectDocumented('/emails/{correspondenceId}', 'patch', otherScenario);
    const noIfMatch = await caseworker.post(`/emails/${draftId}/generate`);
    expectStatus(noIfMatch, 428);
    expectDocumented('/emails/{correspondenceId}/generate', 'post', noIfMatch);
    const sentAgain = await caseworker.post(`/emails/${id}/send`, undefined, ifMatch(sent));
    expectStatus(sentAgain, 409);
    expectDocumented('/emails/{correspondenceId}/send', 'post', sentAgain);
    const notSent = await client.get(`/emails/${secondId}`);
    expectStatus(notSent, 404);
    expectDocumented('/emails/{correspondenceId}', 'get', notSent);
    const notTheirs = await api('client', { scin: fixture.payingParent }).get(`/emails/${id}`);
    expectStatus(notTheirs, 404);
    expectDocumented('/emails/{correspondenceId}', 'get', notTheirs);
    const noIncident = await caseworker.get('/incidents/INC-00000000');
    expectStatus(noIncident, 404);
    expectDocumented('/incidents/{incidentId}', 'get', noIncident);
  });
  it('matches real responses of the duplicate request routes, the enclosures preview and the print inbox, successes and problems alike', async () => {
    const fixture = await givenCase();
    const other = await givenCase();
    const caseworker = api('caseworker', { username: 'cw-alice' });
    const client = api('client', { scin: fixture.receivingParent });
    const ifMatch = (res: { headers: Headers }) => ({ 'if-match': res.headers.get('etag') ?? '' });
    const expectStatus = (res: { status: number; body: unknown }, status: number) => expect(res.status, JSON.stringify(res.body)).toBe(status);
    const mine = await givenSentLetter(fixture);
    const theirs = await givenSentLetter(other);

    // Asked for in the portal (the client's view) and taken by phone (the staff view).
    const unconfirmed = await client.post('/duplicate-requests', { letters: [mine.correspondenceId], reason: 'Lost in a house move' });
    expectStatus(unconfirmed, 422);
    expectDocumented('/duplicate-requests', 'post', unconfirmed);
    const notTheirs = await client.post('/duplicate-requests', { letters: [theirs.correspondenceId], reason: 'Lost in a house move', confirmPaperCopy: true });
    expectStatus(notTheirs, 404);
    expectDocumented('/duplicate-requests', 'post', notTheirs);
    const noReason = await client.post('/duplicate-requests', { letters: [mine.correspondenceId], confirmPaperCopy: true });
    expectStatus(noReason, 400);
    expectDocumented('/duplicate-requests', 'post', noReason);
    const sentToSomeoneElse = await caseworker.post('/duplicate-requests', { letters: [theirs.correspondenceId], reason: 'Asked by phone', requester: { type: 'client', scin: fixture.receivingParent }, channel: 'phone' });
    expectStatus(sentToSomeoneElse, 422);
    expectDocumented('/duplicate-requests', 'post', sentToSomeoneElse);
    const asked = await client.post('/duplicate-requests', { letters: [mine.correspondenceId], reason: 'Lost in a house move', confirmPaperCopy: true });
    expectStatus(asked, 201);
    expectDocumented('/duplicate-requests', 'post', asked);
    const taken = await caseworker.post('/duplicate-requests', { letters: [mine.correspondenceId], reason: 'Asked by phone', requester: { type: 'client', scin: fixture.receivingParent }, channel: 'phone' });
    expectStatus(taken, 201);
    expectDocumented('/duplicate-requests', 'post', taken);
    const askedSr = (asked.body as { srNumber: string }).srNumber;
    const takenSr = (taken.body as { srNumber: string }).srNumber;

    const read = await caseworker.get(`/duplicate-requests/${askedSr}`);
    expectStatus(read, 200);
    expectDocumented('/duplicate-requests/{srNumber}', 'get', read);
    const followed = await client.get(`/duplicate-requests/${askedSr}`);
    expectStatus(followed, 200);
    expectDocumented('/duplicate-requests/{srNumber}', 'get', followed);

    // Accepted; declined (the client sees the reason).
    const noIfMatch = await caseworker.post(`/duplicate-requests/${askedSr}/accept`);
    expectStatus(noIfMatch, 428);
    expectDocumented('/duplicate-requests/{srNumber}/accept', 'post', noIfMatch);
    const accepted = await caseworker.post(`/duplicate-requests/${askedSr}/accept`, undefined, ifMatch(read));
    expectStatus(accepted, 200);
    expectDocumented('/duplicate-requests/{srNumber}/accept', 'post', accepted);
    const acceptedAgain = await caseworker.post(`/duplicate-requests/${askedSr}/accept`, undefined, ifMatch(accepted));
    expectStatus(acceptedAgain, 409);
    expectDocumented('/duplicate-requests/{srNumber}/accept', 'post', acceptedAgain);
    const shortReason = await caseworker.post(`/duplicate-requests/${takenSr}/decline`, { reason: 'No.' }, ifMatch(taken));
    expectStatus(shortReason, 400);
    expectDocumented('/duplicate-requests/{srNumber}/decline', 'post', shortReason);
    const stale = await caseworker.post(`/duplicate-requests/${takenSr}/decline`, { reason: 'Every letter is in your online account.' }, { 'if-match': '"7"' });
    expectStatus(stale, 409);
    expectDocumented('/duplicate-requests/{srNumber}/decline', 'post', stale);
    const declined = await caseworker.post(`/duplicate-requests/${takenSr}/decline`, { reason: 'Every letter is in your online account.' }, ifMatch(taken));
    expectStatus(declined, 200);
    expectDocumented('/duplicate-requests/{srNumber}/decline', 'post', declined);
    const declinedView = await client.get(`/duplicate-requests/${takenSr}`);
    expect(declinedView.body).toMatchObject({ state: 'declined', declinedReason: 'Every letter is in your online account.' });
    expectDocumented('/duplicate-requests/{srNumber}', 'get', declinedView);

    // Lists: staff see the whole request, the client what they follow.
    const forCase = await caseworker.get(`/cases/${fixture.caseNumber}/duplicate-requests`);
    expectStatus(forCase, 200);
    expect((forCase.body as { items: { srNumber: string }[] }).items.map((r) => r.srNumber).sort()).toEqual([askedSr, takenSr].sort());
    expectDocumented('/cases/{caseNumber}/duplicate-requests', 'get', forCase);
    const forClient = await caseworker.get(`/clients/${fixture.receivingParent}/duplicate-requests`);
    expectStatus(forClient, 200);
    expect((forClient.body as { items: unknown[] }).items).toHaveLength(2);
    expectDocumented('/clients/{scin}/duplicate-requests', 'get', forClient);
    const portal = await client.get(`/clients/${fixture.receivingParent}/duplicate-requests`);
    expectStatus(portal, 200);
    expect((portal.body as { items: unknown[] }).items).toHaveLength(2);
    expect(JSON.stringify(portal.body)).not.toContain('cw-alice');
    expectDocumented('/clients/{scin}/duplicate-requests', 'get', portal);

    // Problems on reading.
    const noRequest = await caseworker.get('/duplicate-requests/SR-00000000');
    expectStatus(noRequest, 404);
    expectDocumented('/duplicate-requests/{srNumber}', 'get', noRequest);
    const someoneElses = await api('client', { scin: other.receivingParent }).get(`/duplicate-requests/${askedSr}`);
    expectStatus(someoneElses, 404);
    expectDocumented('/duplicate-requests/{srNumber}', 'get', someoneElses);
    const otherClientsList = await client.get(`/clients/${other.receivingParent}/duplicate-requests`);
    expectStatus(otherClientsList, 404);
    expectDocumented('/clients/{scin}/duplicate-requests', 'get', otherClientsList);

    // The enclosures preview.
    const withLeaflets = await givenGeneratedLetter(fixture, cmsl5512);
    const preview = await caseworker.get(`/letters/${withLeaflets.correspondenceId}/enclosures`);
    expectStatus(preview, 200);
    expectDocumented('/letters/{correspondenceId}/enclosures', 'get', preview);
    const noLetter = await caseworker.get('/letters/L-00000000/enclosures');
    expectStatus(noLetter, 404);
    expectDocumented('/letters/{correspondenceId}/enclosures', 'get', noLetter);

    // The contingency route: emailed to the print inbox, then Local Fulfil.
    const ready = await selfApproved(await givenGeneratedLetter(fixture));
    const inboxWithoutIfMatch = await caseworker.post(`/letters/${ready.correspondenceId}/print-inbox`);
    expectStatus(inboxWithoutIfMatch, 428);
    expectDocumented('/letters/{correspondenceId}/print-inbox', 'post', inboxWithoutIfMatch);
    const emailed = await caseworker.post(`/letters/${ready.correspondenceId}/print-inbox`, undefined, { 'if-match': ready.etag });
    expectStatus(emailed, 200);
    expectDocumented('/letters/{correspondenceId}/print-inbox', 'post', emailed);
    const emailedAgain = await caseworker.post(`/letters/${ready.correspondenceId}/print-inbox`, undefined, ifMatch(emailed));
    expectStatus(emailedAgain, 409);
    expectDocumented('/letters/{correspondenceId}/print-inbox', 'post', emailedAgain);
    const notReady = await caseworker.post(`/letters/${mine.correspondenceId}/print-inbox`, undefined, { 'if-match': mine.etag });
    expectStatus(notReady, 409);
    expectDocumented('/letters/{correspondenceId}/print-inbox', 'post', notReady);
    const noSuchLetter = await caseworker.post('/letters/L-00000000/print-inbox', undefined, { 'if-match': '"1"' });
    expectStatus(noSuchLetter, 404);
    expectDocumented('/letters/{correspondenceId}/print-inbox', 'post', noSuchLetter);
    const fulfilled = await caseworker.post(`/letters/${ready.correspondenceId}/local-fulfil`, undefined, ifMatch(emailed));
    expectStatus(fulfilled, 200);
    expect((fulfilled.body as { status: string }).status).toBe('Successfully Fulfilled');
    expectDocumented('/letters/{correspondenceId}/local-fulfil', 'post', fulfilled);
  });
});
