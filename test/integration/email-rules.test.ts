import { describe, expect, it } from 'vitest';
import { anonymous, api, type ApiResponse, ownSegment } from '../support/api.ts';
import { givenApprovedEmail, givenEnquirySr, givenGeneratedEmail, givenSelfServiceCase, inboundContact, sesEvent, type EmailCase } from './email-flows.ts';
import { eventually, givenCase, givenServiceRequest, uniqueDigits } from './fixtures.ts';

/**
 * Every refusal of the outbound email rules (the Client Contact-Outbound-E Mail procedure), through the
 * API: the status, the problem type, the field and the rule, and that nothing was created or changed.
 * The happy journey is in emails.test.ts; a permanent bounce is covered there too.
 */

const caseworker = api('caseworker', { username: 'cw-alice' });
const otherCaseworker = api('caseworker', { username: 'cw-bob' });
const manager = api('case-manager');
const tl = api('team-leader', { username: 'tl-tomos' });
const otherTl = api('team-leader', { username: 'tl-bethan' });
const etagOf = (res: { headers: Headers }) => res.headers.get('etag') ?? '';

type Problem = { type: string; title: string; status: number; detail: string; errors?: { field: string; rule: string }[] };
type Email = {
  correspondenceId: string;
  status: string;
  srNumber: string;
  caseNumber: string;
  version: number;
  paragraphs: string[];
  recipient: { type: string; scin: string };
  rendered?: { subject: string; text: string; html: string; to: string; paragraphs: string[] };
  approvalHistory: { decision: string; decidedBy: string; reasons?: string; correction?: { paragraphs: string[] } }[];
  send?: { messageId?: string };
  delivery?: { state: string };
};
type Sr = { srNumber: string; caseNumber: string; status: string; process: string; area: string; subArea: string; channel: string; contact?: { type: string; scin: string }; lettersAwaitingApproval: string[]; enquiry?: { scenario?: string; receivedAt: string; respondedWith?: string }; activityPlan: { id: string }[]; version: number };
type AuditEvent = { action: string; entity: { type: string; id: string }; caseNumber?: string; contactRef?: string; actor: { id: string }; changes: Record<string, { before: unknown; after: unknown }> };

const readEmail = async (id: string) => (await caseworker.get(`/emails/${id}`)).body as Email;
const readSr = async (srNumber: string) => (await caseworker.get(`/service-requests/${srNumber}`)).body as Sr;

/** A refusal: the status, problem+json, its type, and (when given) the field and the rule it names. */
function expectProblem(res: ApiResponse, status: number, type: string, field?: string, rule?: RegExp): Problem {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = res.body as Problem;
  // RFC 9457: `status` is the HTTP status code (an extension must not overwrite it with the email's status).
  expect(body).toMatchObject({ type: `/problems/${type}`, status });
  expect(body.detail).toEqual(expect.any(String));
  if (field) {
    const error = body.errors?.find((e) => e.field === field);
    expect(error, `no error on ${field}: ${JSON.stringify(body)}`).toBeDefined();
    if (rule) expect(error!.rule).toMatch(rule);
  }
  return body;
}

async function allPages<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const res = await caseworker.get(`${path}?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = res.body as { items: T[]; nextCursor?: string };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** What a refusal must leave alone: the case's emails and SRs (with their versions and approval sets) and its audit trail. */
async function recordOf(caseNumber: string) {
  const [emails, srs, audit] = await Promise.all([allPages<Email>(`/cases/${caseNumber}/emails`), allPages<Sr>(`/cases/${caseNumber}/service-requests`), allPages<AuditEvent>(`/cases/${caseNumber}/audit`)]);
  return {
    emails: emails.map((e) => `${e.correspondenceId}@${e.version}:${e.status}`),
    srs: srs.map((s) => `${s.srNumber}@${s.version}:${s.status}:${s.lettersAwaitingApproval.join(',')}`),
    audit: audit.length,
  };
}

/** Expects `refuse` to leave the case's record exactly as it was; returns its answer. */
async function unchanged(caseNumber: string, refuse: () => Promise<ApiResponse>): Promise<ApiResponse> {
  const before = await recordOf(caseNumber);
  const res = await refuse();
  expect(await recordOf(caseNumber)).toEqual(before);
  return res;
}

/** Replaces fields of a client record as the case manager, with If-Match. */
async function updateClient(scin: string, changes: Record<string, unknown>): Promise<void> {
  const current = await manager.get(`/clients/${scin}`);
  expect(current.status, JSON.stringify(current.body)).toBe(200);
  const body: Record<string, unknown> = { ...(current.body as Record<string, unknown>), ...changes };
  delete body.version;
  delete body.updatedAt;
  const updated = await manager.put(`/clients/${scin}`, body, { 'if-match': etagOf(current) });
  expect(updated.status, JSON.stringify(updated.body)).toBe(200);
}

const toClient = (fixture: EmailCase) => ({ templateId: 'CMSL5515', recipient: { type: 'client', scin: fixture.receivingParent } });
const toRepresentative = (fixture: EmailCase) => ({ templateId: 'CMSL5508', recipient: { type: 'representative', scin: fixture.representative } });

async function createdDraft(srNumber: string, fixture: EmailCase, paragraphs: string[] = ['LTT-MP-02']): Promise<ApiResponse> {
  const res = await caseworker.post('/emails', { srNumber, ...toClient(fixture), paragraphs });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res;
}

async function submitted(email: { correspondenceId: string; etag: string }, by = caseworker): Promise<ApiResponse> {
  const res = await by.post(`/emails/${email.correspondenceId}/submit-for-approval`, undefined, { 'if-match': email.etag });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
}

const segment = () => ownSegment(`SEG-EMAIL-RULES-${uniqueDigits(6)}`);

describe('who may receive an email', () => {
  it('an employer or a third party is refused with the reason, and nothing is created', async () => {
    const fixture = await givenSelfServiceCase();
    const { srNumber } = await givenEnquirySr(fixture);
    const employer = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, templateId: 'CMSL5515', recipient: { type: 'employer', ern: fixture.ern }, paragraphs: ['LTT-MP-01'] }));
    const p = expectProblem(employer, 422, 'businessRule', 'body.recipient.type', /only to a self-service client .* or their representative, not to a employer/);
    expect(p.detail).toContain('cannot be sent an email');
    const thirdParty = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, templateId: 'CMSL5508', recipient: { type: 'third-party', trn: 'T0001234' } }));
    expectProblem(thirdParty, 422, 'businessRule', 'body.recipient.type', /not to a third-party/);
    // Without an SR either: no SR is raised for a refused recipient.
    const raised = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { caseNumber: fixture.caseNumber, scenario: 'missing-payment', templateId: 'CMSL5515', recipient: { type: 'employer', ern: fixture.ern } }));
    expectProblem(raised, 422, 'businessRule', 'body.recipient.type');
  });

  it('a client who is not a self-service user is refused', async () => {
    const fixture = await givenSelfServiceCase({ selfService: false });
    const { srNumber } = await givenEnquirySr(fixture);
    const res = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, ...toClient(fixture), paragraphs: ['LTT-MP-01'] }));
    expectProblem(res, 422, 'businessRule', 'body.recipient', /not a self-service user/);
    // Nor their representative: the email is about a self-service client.
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, ...toRepresentative(fixture) })), 422, 'businessRule', 'body.recipient', /not a self-service user/);
  });

  it('a self-service client with no email address is refused', async () => {
    const fixture = await givenSelfServiceCase({ clientEmail: null });
    const { srNumber } = await givenEnquirySr(fixture);
    const res = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, ...toClient(fixture), paragraphs: ['LTT-MP-01'] }));
    expectProblem(res, 422, 'businessRule', 'body.recipient', /no email address is recorded for the client/);
  });

  it('a client who is not on the case is refused, whether the SR is given or raised', async () => {
    const fixture = await givenSelfServiceCase();
    const other = await givenSelfServiceCase();
    const { srNumber } = await givenEnquirySr(fixture);
    const stranger = { templateId: 'CMSL5515', recipient: { type: 'client', scin: other.receivingParent } };
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, ...stranger })), 422, 'businessRule', 'body.recipient', new RegExp(`${other.receivingParent} is not the receiving or paying parent on case ${fixture.caseNumber}`));
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { caseNumber: fixture.caseNumber, scenario: 'missing-payment', ...stranger })), 422, 'businessRule', 'body.recipient');
    // Another case's representative is not this case's representative.
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, templateId: 'CMSL5508', recipient: { type: 'representative', scin: other.representative } })), 422, 'businessRule', 'body.recipient', /not the active representative/);
  });

  it('the template must fit the recipient: a representative with CMSL5515, a client with CMSL5508', async () => {
    const fixture = await givenSelfServiceCase();
    const { srNumber } = await givenEnquirySr(fixture);
    const rep = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, templateId: 'CMSL5515', recipient: { type: 'representative', scin: fixture.representative } }));
    expectProblem(rep, 422, 'businessRule', 'body.templateId', /an email to a representative uses CMSL5508, not CMSL5515/);
    const client = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, templateId: 'CMSL5508', recipient: { type: 'client', scin: fixture.receivingParent } }));
    expectProblem(client, 422, 'businessRule', 'body.templateId', /an email to a client uses CMSL5515, not CMSL5508/);
    // A letter template is not an email template at all.
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, templateId: 'CMSL5509', recipient: { type: 'client', scin: fixture.receivingParent } })), 400, 'validation', 'body.templateId', /CMSL5515 \(client\) or CMSL5508 \(representative\)/);
  });

  it('a complaint marks the address invalid: the next email is refused, until the address changes on the client record', async () => {
    const fixture = await givenSelfServiceCase();
    const email = await givenApprovedEmail(fixture);
    const sending = await caseworker.post(`/emails/${email.correspondenceId}/send`, undefined, { 'if-match': email.etag });
    expect(sending.status, JSON.stringify(sending.body)).toBe(202);
    const sent = await eventually(() => readEmail(email.correspondenceId), (e) => e.status === 'Successfully Fulfilled');
    expect(sent.status).toBe('Successfully Fulfilled');
    // An email already drafted to the same address before the complaint arrives.
    const { srNumber } = await givenEnquirySr(fixture);
    const draft = await createdDraft(srNumber, fixture);

    const queued = await anonymous({ 'content-type': 'application/json' }).post('/local/ses-events', sesEvent('Complaint', { correspondenceId: email.correspondenceId, messageId: sent.send!.messageId!, address: fixture.clientEmail }));
    expect(queued.status).toBe(202);
    const complained = await eventually(() => readEmail(email.correspondenceId), (e) => e.delivery?.state === 'Complained');
    expect(complained.delivery?.state).toBe('Complained');
    const contactAudit = await allPages<AuditEvent>(`/contacts/${fixture.receivingParent}/audit`);
    expect(contactAudit.map((e) => e.action)).toContain('EmailAddressInvalidated');

    // The next email is refused, at creation and at generation.
    const refused = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, ...toClient(fixture), paragraphs: ['LTT-MP-01'] }));
    const p = expectProblem(refused, 422, 'businessRule', 'body.recipient', /client's email address was the subject of a complaint/);
    expect(p.detail).toContain('not valid until it is changed on their record');
    const draftId = (draft.body as Email).correspondenceId;
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post(`/emails/${draftId}/generate`, undefined, { 'if-match': etagOf(draft) })), 422, 'businessRule', 'body.recipient', /subject of a complaint/);

    // The same address written differently is the same address.
    await updateClient(fixture.receivingParent, { email: fixture.clientEmail.toUpperCase() });
    expectProblem(await caseworker.post('/emails', { srNumber, ...toClient(fixture) }), 422, 'businessRule', 'body.recipient', /subject of a complaint/);

    // A new address on the record: eligible again, and the waiting draft goes to the new address.
    const newAddress = `rhiannon.new.${uniqueDigits(6)}@example.com`;
    await updateClient(fixture.receivingParent, { email: newAddress });
    const again = await caseworker.post('/emails', { srNumber, ...toClient(fixture), paragraphs: ['LTT-MP-01'] });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const generated = await caseworker.post(`/emails/${draftId}/generate`, undefined, { 'if-match': etagOf(draft) });
    expect(generated.status, JSON.stringify(generated.body)).toBe(200);
    expect((generated.body as Email).rendered?.to).toBe(newAddress);
  });
});

describe('only the two approved scenarios', () => {
  it('an SR of another type is refused (Manage Inbound Call / General Enquiry / General Enquiry)', async () => {
    const fixture = await givenSelfServiceCase();
    const sr = await givenServiceRequest(fixture);
    expect(sr.body).toMatchObject({ process: 'Manage Inbound Call', area: 'General Enquiry', subArea: 'General Enquiry' });
    const res = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber: sr.srNumber, ...toClient(fixture), paragraphs: ['LTT-MP-01'] }));
    const p = expectProblem(res, 422, 'businessRule', 'body.srNumber', /must be a Manage Inbound Contact \/ General Enquiry \/ General Enquiry SR/);
    expect(p.detail).toContain('Manage Inbound Call / General Enquiry / General Enquiry');
  });

  it('a Manage Inbound Contact SR that records no scenario is refused', async () => {
    const fixture = await givenSelfServiceCase();
    const created = await caseworker.post('/service-requests', { caseNumber: fixture.caseNumber, contact: { type: 'client', scin: fixture.receivingParent }, ...inboundContact, channel: 'self-service' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const srNumber = (created.body as Sr).srNumber;
    const res = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, ...toClient(fixture), paragraphs: ['LTT-MP-01'] }));
    const p = expectProblem(res, 422, 'businessRule', 'body.srNumber', /must record the scenario \(missing-payment or account-calculation\)/);
    expect(p.detail).toMatch(/missing payment or a general account calculation enquiry/);
    // Giving the scenario in the request does not make up for the SR's.
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, scenario: 'missing-payment', ...toClient(fixture) })), 422, 'businessRule', 'body.srNumber');
  });

  it('a scenario or case that does not match the SR is refused with 400', async () => {
    const fixture = await givenSelfServiceCase();
    const other = await givenCase();
    const { srNumber } = await givenEnquirySr(fixture, 'missing-payment');
    const scenario = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, scenario: 'account-calculation', ...toClient(fixture) }));
    expectProblem(scenario, 400, 'validation', 'body.scenario', /must be the SR's scenario missing-payment/);
    const caseNumber = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, caseNumber: other.caseNumber, ...toClient(fixture) }));
    expectProblem(caseNumber, 400, 'validation', 'body.caseNumber', new RegExp(`must be the SR's case ${fixture.caseNumber}`));
    // The ones that match are fine.
    const matching = await caseworker.post('/emails', { srNumber, caseNumber: fixture.caseNumber, scenario: 'missing-payment', ...toClient(fixture) });
    expect(matching.status, JSON.stringify(matching.body)).toBe(201);
  });

  it('an unknown scenario is refused with 400', async () => {
    const fixture = await givenSelfServiceCase();
    const res = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { caseNumber: fixture.caseNumber, scenario: 'change-of-circumstances', ...toClient(fixture) }));
    expectProblem(res, 400, 'validation', 'body.scenario');
  });

  it('with no srNumber, both caseNumber and scenario are required (400 naming both)', async () => {
    const fixture = await givenSelfServiceCase();
    const res = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { ...toClient(fixture), paragraphs: ['LTT-MP-01'] }));
    const p = expectProblem(res, 400, 'validation', 'body.caseNumber', /is required when no srNumber is given/);
    expectProblem(res, 400, 'validation', 'body.scenario', /is required when no srNumber is given/);
    expect(p.detail).toContain('body.caseNumber');
    expect(p.detail).toContain('body.scenario');
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { caseNumber: fixture.caseNumber, ...toClient(fixture) })), 400, 'validation', 'body.scenario');
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { scenario: 'missing-payment', ...toClient(fixture) })), 400, 'validation', 'body.caseNumber');
  });

  it('an email to a closed SR is refused', async () => {
    const fixture = await givenSelfServiceCase();
    const { srNumber, etag } = await givenEnquirySr(fixture);
    const closed = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Closed', subStatus: 'Withdrawn', note: 'The client found the payment in their account.' }, { 'if-match': etag });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const res = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, ...toClient(fixture) }));
    expectProblem(res, 422, 'businessRule', undefined);
    expect((res.body as Problem).detail).toContain('is closed');
  });

  it('with no srNumber, the Manage Inbound Contact / General Enquiry / General Enquiry SR is raised In Progress, with the scenario, on the case, for the recipient', async () => {
    const fixture = await givenSelfServiceCase();
    const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
    const before = await allPages<Sr>(`/cases/${fixture.caseNumber}/service-requests`);
    const created = await caseworker.post('/emails', { caseNumber: fixture.caseNumber, scenario: 'account-calculation', receivedAt, ...toClient(fixture), paragraphs: ['LTT-AC-01', 'LTT-AC-05'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const email = created.body as Email & { scenario: string };
    expect(email).toMatchObject({ status: 'Draft', scenario: 'account-calculation', caseNumber: fixture.caseNumber, paragraphs: ['LTT-AC-01', 'LTT-AC-05'] });
    const sr = await readSr(email.srNumber);
    expect(sr).toMatchObject({
      srNumber: email.srNumber,
      caseNumber: fixture.caseNumber,
      process: 'Manage Inbound Contact',
      area: 'General Enquiry',
      subArea: 'General Enquiry',
      status: 'In Progress',
      channel: 'self-service',
      contact: { type: 'client', scin: fixture.receivingParent },
      enquiry: { scenario: 'account-calculation', receivedAt },
      lettersAwaitingApproval: [],
    });
    expect(sr.activityPlan.map((s) => s.id)).toEqual(['record-enquiry', 'select-correspondence', 'resolve-enquiry']);
    const after = await allPages<Sr>(`/cases/${fixture.caseNumber}/service-requests`);
    expect(after.map((s) => s.srNumber).sort()).toEqual([...before.map((s) => s.srNumber), email.srNumber].sort());
    // The SR is linked to the recipient: it is in their list.
    const theirs = await allPages<Sr>(`/clients/${fixture.receivingParent}/service-requests`);
    expect(theirs.map((s) => s.srNumber)).toContain(email.srNumber);

    // For a representative, the SR's contact is the representative.
    const rep = await caseworker.post('/emails', { caseNumber: fixture.caseNumber, scenario: 'missing-payment', ...toRepresentative(fixture) });
    expect(rep.status, JSON.stringify(rep.body)).toBe(201);
    expect(await readSr((rep.body as Email).srNumber)).toMatchObject({ process: 'Manage Inbound Contact', status: 'In Progress', contact: { type: 'representative', scin: fixture.representative }, enquiry: { scenario: 'missing-payment' } });
  });
});

describe('no free text', () => {
  it('compose with text instead of line ids is refused with 400, and the email is unchanged', async () => {
    const fixture = await givenSelfServiceCase();
    const { srNumber } = await givenEnquirySr(fixture);
    const draft = await createdDraft(srNumber, fixture);
    const id = (draft.body as Email).correspondenceId;
    const res = await unchanged(fixture.caseNumber, () => caseworker.patch(`/emails/${id}`, { paragraphs: ['Your payment is late'] }, { 'if-match': etagOf(draft) }));
    expectProblem(res, 400, 'validation', 'body.paragraphs.0', /must be the id of an approved line to take/);
    // Nor at creation.
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, ...toClient(fixture), paragraphs: ['LTT-MP-01', 'We have passed your payment on.'] })), 400, 'validation', 'body.paragraphs.1', /approved line to take/);
    // Nor a line's text, nor objects carrying text.
    expectProblem(await caseworker.patch(`/emails/${id}`, { paragraphs: [{ id: 'LTT-MP-01', text: 'Edited wording' }] }, { 'if-match': etagOf(draft) }), 400, 'validation', 'body.paragraphs.0');
    expect(await readEmail(id)).toEqual(draft.body);
  });

  it('an unknown extra field (freeText) is refused with 400 naming it', async () => {
    const fixture = await givenSelfServiceCase();
    const { srNumber } = await givenEnquirySr(fixture);
    const draft = await createdDraft(srNumber, fixture);
    const id = (draft.body as Email).correspondenceId;
    const compose = await unchanged(fixture.caseNumber, () => caseworker.patch(`/emails/${id}`, { paragraphs: ['LTT-MP-01'], freeText: 'Sorry for the delay.' }, { 'if-match': etagOf(draft) }));
    expectProblem(compose, 400, 'validation', 'body', /unknown field\(s\) not allowed: freeText/);
    const create = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, ...toClient(fixture), paragraphs: ['LTT-MP-01'], freeText: 'Sorry for the delay.' }));
    expectProblem(create, 400, 'validation', 'body', /freeText/);
    const subject = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, ...toClient(fixture), subject: 'Your payment' }));
    expectProblem(subject, 400, 'validation', 'body', /subject/);
    expect(await readEmail(id)).toEqual(draft.body);
  });

  it("a line of the other scenario is refused with 422 (LTT-AC-01 on a missing-payment SR)", async () => {
    const fixture = await givenSelfServiceCase();
    const { srNumber } = await givenEnquirySr(fixture, 'missing-payment');
    const create = await unchanged(fixture.caseNumber, () => caseworker.post('/emails', { srNumber, ...toClient(fixture), paragraphs: ['LTT-MP-01', 'LTT-AC-01'] }));
    const p = expectProblem(create, 422, 'businessRule', 'body.paragraphs.1', /is not an approved line to take for the missing-payment scenario/);
    expect(p.detail).toContain('Only approved lines to take may be used');
    const draft = await createdDraft(srNumber, fixture);
    const id = (draft.body as Email).correspondenceId;
    const compose = await unchanged(fixture.caseNumber, () => caseworker.patch(`/emails/${id}`, { paragraphs: ['LTT-AC-01'] }, { 'if-match': etagOf(draft) }));
    expectProblem(compose, 422, 'businessRule', 'body.paragraphs.0', /not an approved line to take for the missing-payment scenario/);
    // A well-formed id that is not a line at all.
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.patch(`/emails/${id}`, { paragraphs: ['LTT-MP-99'] }, { 'if-match': etagOf(draft) })), 422, 'businessRule', 'body.paragraphs.0');
  });

  it('generate with no lines is refused; an empty or repeated choice of lines is refused at compose', async () => {
    const fixture = await givenSelfServiceCase();
    const { srNumber } = await givenEnquirySr(fixture);
    const created = await caseworker.post('/emails', { srNumber, ...toClient(fixture) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as Email).correspondenceId;
    expect((created.body as Email).paragraphs).toEqual([]);
    const generate = await unchanged(fixture.caseNumber, () => caseworker.post(`/emails/${id}/generate`, undefined, { 'if-match': etagOf(created) }));
    expectProblem(generate, 400, 'validation', 'paragraphs', /choose at least one approved line to take before generating/);
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.patch(`/emails/${id}`, { paragraphs: [] }, { 'if-match': etagOf(created) })), 400, 'validation', 'body.paragraphs', /choose at least one approved line/);
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.patch(`/emails/${id}`, { paragraphs: ['LTT-MP-01', 'LTT-MP-01'] }, { 'if-match': etagOf(created) })), 400, 'validation', 'body.paragraphs', /must not repeat a line/);
    expect(await readEmail(id)).toEqual(created.body);
  });
});

describe('no personal data', () => {
  it("a NINO on the client's record that would be merged refuses generation (422), naming the kind and never the number", async () => {
    const fixture = await givenSelfServiceCase();
    const { srNumber } = await givenEnquirySr(fixture);
    const draft = await createdDraft(srNumber, fixture);
    const id = (draft.body as Email).correspondenceId;
    await updateClient(fixture.receivingParent, { lastName: 'AB123456C' });
    const res = await unchanged(fixture.caseNumber, () => caseworker.post(`/emails/${id}/generate`, undefined, { 'if-match': etagOf(draft) }));
    const p = expectProblem(res, 422, 'businessRule', 'email', /must not contain personal data: National Insurance number/);
    expect(p.detail).toContain('National Insurance number');
    expect(p.detail).not.toContain('AB123456C');
    expect(JSON.stringify(res.body)).not.toContain('AB123456C');
    expect(JSON.stringify(res.body)).not.toContain('123456');
    const after = await readEmail(id);
    expect(after).toEqual(draft.body);
    expect(after.rendered).toBeUndefined();
  });

  it("to a representative: the client's name is merged too, and checked", async () => {
    const fixture = await givenSelfServiceCase();
    const { srNumber } = await givenEnquirySr(fixture);
    const created = await caseworker.post('/emails', { srNumber, ...toRepresentative(fixture), paragraphs: ['LTT-MP-02'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as Email).correspondenceId;
    await updateClient(fixture.receivingParent, { lastName: 'AB123456C' });
    const res = await unchanged(fixture.caseNumber, () => caseworker.post(`/emails/${id}/generate`, undefined, { 'if-match': etagOf(created) }));
    expectProblem(res, 422, 'businessRule', 'email', /National Insurance number/);
    expect(JSON.stringify(res.body)).not.toContain('AB123456C');
  });

  it("a team leader's correction re-renders from the record and is checked again: refused, nothing changes", async () => {
    const fixture = await givenSelfServiceCase();
    const email = await givenGeneratedEmail(fixture);
    const waiting = await submitted(email);
    await updateClient(fixture.receivingParent, { lastName: 'AB123456C' });
    const res = await unchanged(fixture.caseNumber, () => tl.post(`/emails/${email.correspondenceId}/approve`, { correction: { paragraphs: ['LTT-MP-01'] } }, { 'if-match': etagOf(waiting) }));
    expectProblem(res, 422, 'businessRule', 'email', /National Insurance number/);
    expect(JSON.stringify(res.body)).not.toContain('AB123456C');
    expect(await readEmail(email.correspondenceId)).toEqual(waiting.body);
  });
});

describe('always a team leader', () => {
  it('there is no self-approve route for email', async () => {
    const fixture = await givenSelfServiceCase();
    const email = await givenGeneratedEmail(fixture);
    const waiting = await submitted(email);
    for (const who of [caseworker, manager, tl]) {
      const res = await unchanged(fixture.caseNumber, () => who.post(`/emails/${email.correspondenceId}/self-approve`, {}, { 'if-match': etagOf(waiting) }));
      expectProblem(res, 404, 'routeNotFound');
    }
    // Nor may a caseworker or a case manager use the team leaders' route.
    for (const who of [caseworker, manager]) {
      expectProblem(await unchanged(fixture.caseNumber, () => who.post(`/emails/${email.correspondenceId}/approve`, {}, { 'if-match': etagOf(waiting) })), 403, 'forbidden');
    }
    expect(await readEmail(email.correspondenceId)).toEqual(waiting.body);
  });

  it("the author never decides their own email, even holding a team leader's token", async () => {
    const fixture = await givenSelfServiceCase();
    const asAuthor = api('team-leader', { username: 'cw-alice' });
    // Written, generated and submitted by cw-alice.
    const email = await givenGeneratedEmail(fixture);
    const waiting = await submitted(email);
    const approve = await unchanged(fixture.caseNumber, () => asAuthor.post(`/emails/${email.correspondenceId}/approve`, {}, { 'if-match': etagOf(waiting) }));
    expect(expectProblem(approve, 403, 'forbidden').detail).toMatch(/Nobody approves or rejects their own email/);
    expectProblem(await unchanged(fixture.caseNumber, () => asAuthor.post(`/emails/${email.correspondenceId}/reject`, { reasons: 'Looks wrong to me.' }, { 'if-match': etagOf(waiting) })), 403, 'forbidden');
    expect(await readEmail(email.correspondenceId)).toEqual(waiting.body);

    // Written and generated by cw-alice, submitted by cw-bob: cw-alice is still its author; the submitter too.
    const second = await givenGeneratedEmail(fixture);
    const bobSubmitted = await submitted(second, otherCaseworker);
    expectProblem(await unchanged(fixture.caseNumber, () => asAuthor.post(`/emails/${second.correspondenceId}/approve`, {}, { 'if-match': etagOf(bobSubmitted) })), 403, 'forbidden');
    expectProblem(await unchanged(fixture.caseNumber, () => api('team-leader', { username: 'cw-bob' }).post(`/emails/${second.correspondenceId}/approve`, {}, { 'if-match': etagOf(bobSubmitted) })), 403, 'forbidden');
    // Another team leader may.
    const approved = await tl.post(`/emails/${second.correspondenceId}/approve`, {}, { 'if-match': etagOf(bobSubmitted) });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  });

  it('a second decision is refused with 409', async () => {
    const fixture = await givenSelfServiceCase();
    const email = await givenApprovedEmail(fixture);
    const approveAgain = await unchanged(fixture.caseNumber, () => otherTl.post(`/emails/${email.correspondenceId}/approve`, {}, { 'if-match': email.etag }));
    expect(expectProblem(approveAgain, 409, 'illegalTransition').detail).toContain('is Approved: it is not waiting for a decision');
    expectProblem(await unchanged(fixture.caseNumber, () => otherTl.post(`/emails/${email.correspondenceId}/reject`, { reasons: 'Second thoughts.' }, { 'if-match': email.etag })), 409, 'illegalTransition');
    expect((await readEmail(email.correspondenceId)).approvalHistory).toHaveLength(1);
  });

  it('approval with a correction (another choice of approved lines) changes the lines and is audited', async () => {
    const fixture = await givenSelfServiceCase();
    const email = await givenGeneratedEmail(fixture, { paragraphs: ['LTT-MP-02', 'LTT-MP-05'] });
    const waiting = await submitted(email);
    const approved = await tl.post(`/emails/${email.correspondenceId}/approve`, { correction: { paragraphs: ['LTT-MP-01', 'LTT-MP-05'] } }, { 'if-match': etagOf(waiting) });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const body = approved.body as Email;
    expect(body).toMatchObject({ status: 'Approved', paragraphs: ['LTT-MP-01', 'LTT-MP-05'], rendered: { paragraphs: ['LTT-MP-01', 'LTT-MP-05'] } });
    expect(body.rendered!.text).toContain('has been received from the paying parent and passed on to you');
    expect(body.rendered!.text).not.toContain('we have not yet received the payment');
    expect(body.approvalHistory.at(-1)).toMatchObject({ decision: 'approved-with-correction', decidedBy: 'tl-tomos', correction: { paragraphs: ['LTT-MP-01', 'LTT-MP-05'] } });
    expect(await readSr(email.srNumber)).toMatchObject({ status: 'In Progress', lettersAwaitingApproval: [] });

    const audit = await allPages<AuditEvent>(`/cases/${fixture.caseNumber}/audit`);
    const corrected = audit.filter((e) => e.action === 'EmailApprovedWithCorrection' && e.entity.id === email.correspondenceId);
    expect(corrected).toHaveLength(1);
    expect(corrected[0]).toMatchObject({ actor: { id: 'tl-tomos' }, entity: { type: 'Email' }, changes: { paragraphs: { before: ['LTT-MP-02', 'LTT-MP-05'], after: ['LTT-MP-01', 'LTT-MP-05'] } } });
    const notes = (await caseworker.get(`/service-requests/${email.srNumber}/notes`)).body as { items: { text: string; kind: string }[] };
    expect(notes.items.map((n) => n.text)).toContainEqual(expect.stringContaining('approved with a minor correction by tl-tomos'));
  });

  it('a correction with a line not approved for the scenario, or with text, is refused and nothing changes', async () => {
    const fixture = await givenSelfServiceCase();
    const email = await givenGeneratedEmail(fixture);
    const waiting = await submitted(email);
    const res = await unchanged(fixture.caseNumber, () => tl.post(`/emails/${email.correspondenceId}/approve`, { correction: { paragraphs: ['LTT-MP-01', 'LTT-AC-02'] } }, { 'if-match': etagOf(waiting) }));
    const p = expectProblem(res, 422, 'businessRule');
    expect(p.errors).toEqual([{ field: expect.stringMatching(/paragraphs\.1$/), rule: expect.stringMatching(/not an approved line to take for the missing-payment scenario/) }]);
    const text = await unchanged(fixture.caseNumber, () => tl.post(`/emails/${email.correspondenceId}/approve`, { correction: { paragraphs: ['Your payment is on its way.'] } }, { 'if-match': etagOf(waiting) }));
    expectProblem(text, 400, 'validation', 'body.correction.paragraphs.0', /approved line to take/);
    const extra = await unchanged(fixture.caseNumber, () => tl.post(`/emails/${email.correspondenceId}/approve`, { correction: { paragraphs: ['LTT-MP-01'], freeText: 'P.S. sorry' } }, { 'if-match': etagOf(waiting) }));
    expectProblem(extra, 400, 'validation', 'body.correction', /freeText/);
    expect(await readEmail(email.correspondenceId)).toEqual(waiting.body);
    expect(await readSr(email.srNumber)).toMatchObject({ status: 'Pending Approval', lettersAwaitingApproval: [email.correspondenceId] });
  });
});

describe('status rules', () => {
  it('Send Email before approval is refused with 409 (Generated, Pending Approval)', async () => {
    const fixture = await givenSelfServiceCase();
    const email = await givenGeneratedEmail(fixture);
    const generated = await unchanged(fixture.caseNumber, () => caseworker.post(`/emails/${email.correspondenceId}/send`, undefined, { 'if-match': email.etag }));
    expect(expectProblem(generated, 409, 'illegalTransition').detail).toContain('is Generated: an email is sent once a team leader has approved it');
    const waiting = await submitted(email);
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post(`/emails/${email.correspondenceId}/send`, undefined, { 'if-match': etagOf(waiting) })), 409, 'illegalTransition');
    expect((await readEmail(email.correspondenceId)).status).toBe('Pending Approval');
  });

  it('submitting a Draft (not generated) is refused with 409', async () => {
    const fixture = await givenSelfServiceCase();
    const { srNumber } = await givenEnquirySr(fixture);
    const draft = await createdDraft(srNumber, fixture);
    const id = (draft.body as Email).correspondenceId;
    const res = await unchanged(fixture.caseNumber, () => caseworker.post(`/emails/${id}/submit-for-approval`, undefined, { 'if-match': etagOf(draft) }));
    expect(expectProblem(res, 409, 'illegalTransition').detail).toContain('is Draft and cannot become Pending Approval');
    expect(await readSr(srNumber)).toMatchObject({ status: 'In Progress', lettersAwaitingApproval: [] });
  });

  it('an approved (or waiting) email cannot be composed again: 409', async () => {
    const fixture = await givenSelfServiceCase();
    const email = await givenApprovedEmail(fixture);
    const res = await unchanged(fixture.caseNumber, () => caseworker.patch(`/emails/${email.correspondenceId}`, { paragraphs: ['LTT-MP-01'] }, { 'if-match': email.etag }));
    expect(expectProblem(res, 409, 'conflict').detail).toContain('is Approved: only a Draft or Generated email can be composed');
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post(`/emails/${email.correspondenceId}/generate`, undefined, { 'if-match': email.etag })), 409, 'conflict');
    const other = await givenGeneratedEmail(fixture);
    const waiting = await submitted(other);
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.patch(`/emails/${other.correspondenceId}`, { paragraphs: ['LTT-MP-01'] }, { 'if-match': etagOf(waiting) })), 409, 'conflict');
  });

  it("cancelling a Pending Approval email takes it out of the SR's approval set and the queue: the SR is In Progress again", async () => {
    const owningSegment = segment();
    const fixture = await givenSelfServiceCase({ owningSegment });
    const email = await givenGeneratedEmail(fixture);
    const waiting = await submitted(email);
    expect(await readSr(email.srNumber)).toMatchObject({ status: 'Pending Approval', lettersAwaitingApproval: [email.correspondenceId] });
    const cancelled = await caseworker.post(`/emails/${email.correspondenceId}/cancel`, { reason: 'No Longer Required', note: 'The client rang: the payment arrived.' }, { 'if-match': etagOf(waiting) });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'Cancelled', cancellation: { reason: 'No Longer Required: The client rang: the payment arrived.', by: 'cw-alice' } });
    expect((cancelled.body as { approval?: unknown }).approval).toBeUndefined();
    expect(await readSr(email.srNumber)).toMatchObject({ status: 'In Progress', lettersAwaitingApproval: [] });
    const queue = (await tl.get(`/approval-queue/${owningSegment}`)).body as { items: { correspondenceId: string }[] };
    expect(queue.items.map((i) => i.correspondenceId)).not.toContain(email.correspondenceId);
    // A cancelled email is final: it cannot be approved, sent or cancelled again.
    expectProblem(await unchanged(fixture.caseNumber, () => tl.post(`/emails/${email.correspondenceId}/approve`, {}, { 'if-match': etagOf(cancelled) })), 409, 'illegalTransition');
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post(`/emails/${email.correspondenceId}/send`, undefined, { 'if-match': etagOf(cancelled) })), 409, 'illegalTransition');
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post(`/emails/${email.correspondenceId}/cancel`, { reason: 'Duplicate' }, { 'if-match': etagOf(cancelled) })), 409, 'illegalTransition');
  });

  it('a stale If-Match is refused with 409 and a missing one with 428, on every change', async () => {
    const fixture = await givenSelfServiceCase();
    const { srNumber } = await givenEnquirySr(fixture);
    const draft = await createdDraft(srNumber, fixture);
    const id = (draft.body as Email).correspondenceId;
    const composed = await caseworker.patch(`/emails/${id}`, { paragraphs: ['LTT-MP-01'] }, { 'if-match': etagOf(draft) });
    expect(composed.status, JSON.stringify(composed.body)).toBe(200);
    const stale = await unchanged(fixture.caseNumber, () => caseworker.patch(`/emails/${id}`, { paragraphs: ['LTT-MP-03'] }, { 'if-match': etagOf(draft) }));
    expect(expectProblem(stale, 409, 'conflict').detail).toContain(`is at version ${(composed.body as Email).version}, not ${(draft.body as Email).version}`);
    expectProblem(await unchanged(fixture.caseNumber, () => caseworker.post(`/emails/${id}/generate`, undefined, { 'if-match': etagOf(draft) })), 409, 'conflict');

    const calls: [string, () => Promise<ApiResponse>][] = [
      ['compose', () => caseworker.patch(`/emails/${id}`, { paragraphs: ['LTT-MP-03'] })],
      ['generate', () => caseworker.post(`/emails/${id}/generate`)],
      ['submit', () => caseworker.post(`/emails/${id}/submit-for-approval`)],
      ['approve', () => tl.post(`/emails/${id}/approve`, {})],
      ['reject', () => tl.post(`/emails/${id}/reject`, { reasons: 'Wrong lines.' })],
      ['send', () => caseworker.post(`/emails/${id}/send`)],
      ['cancel', () => caseworker.post(`/emails/${id}/cancel`, { reason: 'Duplicate' })],
    ];
    for (const [name, call] of calls) {
      const res = await unchanged(fixture.caseNumber, call);
      expect(res.status, name).toBe(428);
      expectProblem(res, 428, 'preconditionRequired');
    }
    // Stale on the team leader's decision too.
    const generated = await caseworker.post(`/emails/${id}/generate`, undefined, { 'if-match': etagOf(composed) });
    const waiting = await submitted({ correspondenceId: id, etag: etagOf(generated) });
    expectProblem(await unchanged(fixture.caseNumber, () => tl.post(`/emails/${id}/approve`, {}, { 'if-match': etagOf(generated) })), 409, 'conflict');
    expect(await readEmail(id)).toEqual(waiting.body);
  });
});

describe('two items of one SR never conflict', () => {
  it('two emails submitted at the same moment both wait; two team leaders approve them at the same moment; the SR is In Progress again', async () => {
    const fixture = await givenSelfServiceCase({ owningSegment: segment() });
    const { srNumber } = await givenEnquirySr(fixture);
    const [a, b] = await Promise.all([givenGeneratedEmail(fixture, { srNumber, paragraphs: ['LTT-MP-01'] }), givenGeneratedEmail(fixture, { srNumber, paragraphs: ['LTT-MP-03'] })]);
    const submissions = await Promise.all([a, b].map((e) => caseworker.post(`/emails/${e.correspondenceId}/submit-for-approval`, undefined, { 'if-match': e.etag })));
    for (const res of submissions) expect(res.status, JSON.stringify(res.body)).toBe(200);
    const waiting = await readSr(srNumber);
    expect(waiting.status).toBe('Pending Approval');
    expect(waiting.lettersAwaitingApproval).toEqual([a.correspondenceId, b.correspondenceId].sort());

    const decisions = await Promise.all([tl.post(`/emails/${a.correspondenceId}/approve`, {}, { 'if-match': etagOf(submissions[0]!) }), otherTl.post(`/emails/${b.correspondenceId}/approve`, {}, { 'if-match': etagOf(submissions[1]!) })]);
    for (const res of decisions) expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(decisions.map((d) => (d.body as Email).status)).toEqual(['Approved', 'Approved']);
    expect(await readSr(srNumber)).toMatchObject({ status: 'In Progress', lettersAwaitingApproval: [] });
  });

  it('the SR cannot be closed while one of its emails waits for a decision (409)', async () => {
    const fixture = await givenSelfServiceCase();
    const { srNumber } = await givenEnquirySr(fixture);
    const [a, b] = await Promise.all([givenGeneratedEmail(fixture, { srNumber }), givenGeneratedEmail(fixture, { srNumber, paragraphs: ['LTT-MP-04'] })]);
    const [sa, sb] = await Promise.all([submitted(a), submitted(b)]);
    const approved = await tl.post(`/emails/${a.correspondenceId}/approve`, {}, { 'if-match': etagOf(sa) });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const sr = await caseworker.get(`/service-requests/${srNumber}`);
    expect(sr.body).toMatchObject({ status: 'Pending Approval', lettersAwaitingApproval: [b.correspondenceId] });
    const close = await unchanged(fixture.caseNumber, () => caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Closed', subStatus: 'Withdrawn', note: 'No longer needed.' }, { 'if-match': etagOf(sr) }));
    expect(expectProblem(close, 409, 'illegalTransition').detail).toContain(b.correspondenceId);
    // Once it is decided, the SR can be closed.
    const decided = await otherTl.post(`/emails/${b.correspondenceId}/reject`, { reasons: 'Not needed: the other email answers it.' }, { 'if-match': etagOf(sb) });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const now = await caseworker.get(`/service-requests/${srNumber}`);
    expect(now.body).toMatchObject({ status: 'In Progress', lettersAwaitingApproval: [] });
    const closed = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Closed', subStatus: 'Withdrawn', note: 'No longer needed.' }, { 'if-match': etagOf(now) });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  });
});

describe('the record', () => {
  it("staff see the email on the case and the client; the case's and the contact's audit trails have its events", async () => {
    const fixture = await givenSelfServiceCase();
    const email = await givenApprovedEmail(fixture);
    const { srNumber } = await givenEnquirySr(fixture);
    const draft = await createdDraft(srNumber, fixture);
    const draftId = (draft.body as Email).correspondenceId;

    const onCase = await allPages<Email>(`/cases/${fixture.caseNumber}/emails`);
    expect(onCase.map((e) => e.correspondenceId)).toEqual([email.correspondenceId, draftId]);
    expect(onCase[0]).toMatchObject({ status: 'Approved', caseNumber: fixture.caseNumber });
    const toClientList = await allPages<Email>(`/clients/${fixture.receivingParent}/emails`);
    expect(toClientList.map((e) => e.correspondenceId)).toEqual([email.correspondenceId, draftId]);
    expect(await allPages<Email>(`/clients/${fixture.payingParent}/emails`)).toEqual([]);

    const expected = ['EmailCreated', 'EmailGenerated', 'EmailSubmittedForApproval', 'EmailApproved'];
    const caseAudit = (await allPages<AuditEvent>(`/cases/${fixture.caseNumber}/audit`)).filter((e) => e.entity.id === email.correspondenceId);
    expect(caseAudit.map((e) => e.action)).toEqual(expected);
    expect(caseAudit.every((e) => e.entity.type === 'Email' && e.caseNumber === fixture.caseNumber && e.contactRef === fixture.receivingParent)).toBe(true);
    expect(caseAudit.map((e) => e.actor.id)).toEqual(['cw-alice', 'cw-alice', 'cw-alice', 'tl-tomos']);
    const contactAudit = (await allPages<AuditEvent>(`/contacts/${fixture.receivingParent}/audit`)).filter((e) => e.entity.id === email.correspondenceId);
    expect(contactAudit.map((e) => e.action)).toEqual(expected);
    expect((await allPages<AuditEvent>(`/contacts/${fixture.receivingParent}/audit`)).some((e) => e.entity.id === draftId && e.action === 'EmailCreated')).toBe(true);
    // The SR's approval set changes are on the SR's trail.
    const srAudit = (await caseworker.get(`/service-requests/${email.srNumber}/audit?limit=100`)).body as { items: AuditEvent[] };
    expect(srAudit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['CorrespondenceSubmittedForApproval', 'CorrespondenceApprovalDecided']));
  });

  it('a client sees only what was sent to them, as they received it: never a draft, never another client’s email, no approval history, staff ids or reasons', async () => {
    const fixture = await givenSelfServiceCase();
    const receiving = api('client', { scin: fixture.receivingParent });
    const paying = api('client', { scin: fixture.payingParent });
    const email = await givenGeneratedEmail(fixture, { paragraphs: ['LTT-MP-02'] });
    const id = email.correspondenceId;

    // Not yet sent: the client sees nothing of it (the list filters by sent status; GET /emails/{id} must too).
    expectProblem(await receiving.get(`/emails/${id}`), 404, 'notFound');
    expect(((await receiving.get(`/clients/${fixture.receivingParent}/emails`)).body as { items: unknown[] }).items).toEqual([]);

    const reasons = `Use the received-payment line (review ${uniqueDigits(6)}).`;
    const first = await submitted(email);
    const rejected = await tl.post(`/emails/${id}/reject`, { reasons }, { 'if-match': etagOf(first) });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expectProblem(await receiving.get(`/emails/${id}`), 404, 'notFound');
    const amended = await caseworker.patch(`/emails/${id}`, { paragraphs: ['LTT-MP-01'] }, { 'if-match': etagOf(rejected) });
    const regenerated = await caseworker.post(`/emails/${id}/generate`, undefined, { 'if-match': etagOf(amended) });
    const second = await submitted({ correspondenceId: id, etag: etagOf(regenerated) });
    expectProblem(await receiving.get(`/emails/${id}`), 404, 'notFound');
    const approved = await otherTl.post(`/emails/${id}/approve`, {}, { 'if-match': etagOf(second) });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expectProblem(await receiving.get(`/emails/${id}`), 404, 'notFound');
    const sending = await caseworker.post(`/emails/${id}/send`, undefined, { 'if-match': etagOf(approved) });
    expect(sending.status, JSON.stringify(sending.body)).toBe(202);
    const sent = await eventually(() => readEmail(id), (e) => e.status === 'Successfully Fulfilled');
    expect(sent.status).toBe('Successfully Fulfilled');

    const seen = await receiving.get(`/emails/${id}`);
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    const view = seen.body as Record<string, unknown>;
    expect(Object.keys(view).sort()).toEqual(['channel', 'correspondenceId', 'createdAt', 'html', 'sentAt', 'status', 'subject', 'template', 'text']);
    expect(view).toMatchObject({ correspondenceId: id, status: 'Successfully Fulfilled', subject: 'Important information about your Child Maintenance case', text: sent.rendered!.text, html: sent.rendered!.html });
    const listed = (await receiving.get(`/clients/${fixture.receivingParent}/emails`)).body as { items: Record<string, unknown>[] };
    expect(listed.items).toEqual([view]);
    for (const shown of [JSON.stringify(view), JSON.stringify(listed)]) {
      for (const secret of ['approvalHistory', 'statusHistory', 'returnedToCaseworker', 'approval', 'createdBy', 'updatedBy', 'cw-alice', 'tl-tomos', 'tl-bethan', 'system', reasons, 'review']) expect(shown).not.toContain(secret);
    }

    // Another client never sees it, nor learns that it exists.
    expectProblem(await paying.get(`/emails/${id}`), 404, 'notFound');
    expectProblem(await paying.get(`/clients/${fixture.receivingParent}/emails`), 404, 'notFound');
    expect(((await paying.get(`/clients/${fixture.payingParent}/emails`)).body as { items: unknown[] }).items).toEqual([]);
    // A client may not use the staff routes.
    expectProblem(await receiving.get(`/cases/${fixture.caseNumber}/emails`), 403, 'forbidden');
  });
});
