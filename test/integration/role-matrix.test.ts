import { describe, expect, it } from 'vitest';
import { catalogue } from '../../functions/catalogue.ts';
import type { HttpTrigger } from '../../functions/platform/catalogue-types.ts';
import { roles, type Role } from '../../functions/platform/roles.ts';
import '../support/in-process.ts';
import { incidentItem, newIncident } from '../../functions/emails/incidents.ts';
import type { Email } from '../../functions/emails/schemas.ts';
import { transact } from '../../functions/platform/dynamo.ts';
import { api, anonymous, outsideSegment, type ApiClient, type ApiResponse } from '../support/api.ts';
import { givenApprovedEmail, givenEnquirySr, givenGeneratedEmail, givenSelfServiceCase, type EmailCase } from './email-flows.ts';
import { cmsl2040, cmsl5512, givenHeldLetter, givenSentLetter, selfApproved, submitted } from './letter-flows.ts';
import { eventually, generalEnquiry, givenCase, givenGeneratedLetter, givenMaintenanceSr, givenServiceRequest, givenThirdParty, letterheadConfirmation, uniqueDigits, type CaseFixture } from './fixtures.ts';

interface Call {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

const clientBody = (scin: string) => ({ scin, firstName: 'Morgan', lastName: 'Matrix', addresses: [{ type: 'correspondence', lines: ['2 Grid Road', 'Cardiff'], postcode: 'CF10 1AA' }] });

const etagOf = (res: { headers: Headers }) => res.headers.get('etag') ?? '';

/**
 * Email targets. Emails go only to self-service clients, so each target is on a self-service case of
 * its own (givenSelfServiceCase), written by cw-alice (the caseworker's default user) and decided by
 * tl-tomos (the team leader's default user): nobody decides their own email.
 */
const toClient = (c: EmailCase) => ({ templateId: 'CMSL5515', recipient: { type: 'client', scin: c.receivingParent } });

async function givenDraftEmail(paragraphs?: string[]): Promise<{ id: string; etag: string }> {
  const c = await givenSelfServiceCase();
  const { srNumber } = await givenEnquirySr(c);
  const created = await api('caseworker', { username: 'cw-alice' }).post('/emails', { srNumber, ...toClient(c), ...(paragraphs ? { paragraphs } : {}) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: (created.body as { correspondenceId: string }).correspondenceId, etag: etagOf(created) };
}

async function givenEmailAwaitingApproval(): Promise<{ id: string; etag: string }> {
  const email = await givenGeneratedEmail(await givenSelfServiceCase(), { by: 'cw-alice' });
  const submitted = await api('caseworker', { username: 'cw-alice' }).post(`/emails/${email.correspondenceId}/submit-for-approval`, undefined, { 'if-match': email.etag });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return { id: email.correspondenceId, etag: etagOf(submitted) };
}

/** The fixture's receiving parent made a self-service user with an address, so emails may go to them. */
async function givenSelfServiceClient(f: CaseFixture): Promise<EmailCase> {
  const manager = api('case-manager');
  const current = await manager.get(`/clients/${f.receivingParent}`);
  const { version: _v, updatedAt: _u, ...record } = current.body as Record<string, unknown>;
  const clientEmail = `matrix.${uniqueDigits(8)}@example.com`;
  const updated = await manager.put(`/clients/${f.receivingParent}`, { ...record, selfServiceUser: true, email: clientEmail }, { 'if-match': etagOf(current) });
  expect(updated.status, JSON.stringify(updated.body)).toBe(200);
  return { ...f, representative: '', clientEmail, representativeEmail: '' };
}

/**
 * An email sent to the fixture's receiving parent (the client the matrix's client token is for): they
 * become a self-service user with an address, and the email goes all the way to Successfully Fulfilled,
 * since a client sees only the emails sent to them.
 */
async function givenEmailSentTo(f: CaseFixture): Promise<string> {
  const approved = await givenApprovedEmail(await givenSelfServiceClient(f));
  const caseworker = api('caseworker');
  const sending = await caseworker.post(`/emails/${approved.correspondenceId}/send`, undefined, { 'if-match': approved.etag });
  expect(sending.status, JSON.stringify(sending.body)).toBe(202);
  const sent = await eventually(() => caseworker.get(`/emails/${approved.correspondenceId}`), (r) => (r.body as { status: string }).status === 'Successfully Fulfilled');
  expect((sent.body as { status: string }).status).toBe('Successfully Fulfilled');
  return approved.correspondenceId;
}

/**
 * An open incident to read. Raising one for real takes 3 failed SES retries over 24 hours (or a send
 * whose outcome never came back), which the emulators cannot produce here: the incident the sender or
 * the sweep would record (newIncident/incidentItem) is written for a real generated email instead.
 */
async function givenIncident(): Promise<string> {
  const email = await givenGeneratedEmail(await givenSelfServiceCase());
  const incident = newIncident(email.body as unknown as Email, 'email-not-sent', 'SES could not send the email just now (ServiceUnavailable); it will be retried.', new Date());
  await transact([incidentItem(incident)]);
  return incident.incidentId;
}

/**
 * Duplicate copies are of letters issued to the requester: one letter sent to the fixture's receiving
 * parent (the client the matrix's client token is for) serves every request on that fixture, since a
 * letter may be asked for again. Sending one takes a print batch, so it is made once per fixture.
 */
const sentLetters = new WeakMap<CaseFixture, Promise<string>>();
const sentLetterOf = (f: CaseFixture): Promise<string> => {
  let sent = sentLetters.get(f);
  if (!sent) {
    sent = givenSentLetter(f).then((l) => l.correspondenceId);
    sentLetters.set(f, sent);
  }
  return sent;
};

/** A duplicate request (received, version 1) taken by phone for the receiving parent. */
async function givenDuplicateRequest(f: CaseFixture): Promise<{ srNumber: string; etag: string }> {
  const created = await api('caseworker').post('/duplicate-requests', { letters: [await sentLetterOf(f)], reason: 'Lost in a house move', requester: { type: 'client', scin: f.receivingParent }, channel: 'phone' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { srNumber: (created.body as { srNumber: string }).srNumber, etag: etagOf(created) };
}

/** A valid request for each route, built fresh so any allowed role can succeed. The client role acts on its own SCIN. */
const validCall: Record<string, (f: CaseFixture, role: Role) => Promise<Call>> = {
  createServiceRequest: async (f) => ({ method: 'POST', path: '/service-requests', body: { caseNumber: f.caseNumber, ...generalEnquiry, channel: 'phone' } }),
  getServiceRequest: async (f) => ({ method: 'GET', path: `/service-requests/${(await givenServiceRequest(f)).srNumber}` }),
  listCaseServiceRequests: async (f) => ({ method: 'GET', path: `/cases/${f.caseNumber}/service-requests` }),
  listClientServiceRequests: async (f) => ({ method: 'GET', path: `/clients/${f.receivingParent}/service-requests` }),
  changeServiceRequestStatus: async (f) => {
    const sr = await givenServiceRequest(f);
    return { method: 'POST', path: `/service-requests/${sr.srNumber}/status`, body: { status: 'In Progress' }, headers: { 'if-match': sr.etag } };
  },
  updateActivityStep: async (f) => {
    const sr = await givenServiceRequest(f);
    const started = await api('caseworker').post(`/service-requests/${sr.srNumber}/status`, { status: 'In Progress' }, { 'if-match': sr.etag });
    return { method: 'PUT', path: `/service-requests/${sr.srNumber}/activity-plan/call-back`, body: { done: true }, headers: { 'if-match': started.headers.get('etag') ?? '' } };
  },
  addServiceRequestNote: async (f) => ({ method: 'POST', path: `/service-requests/${(await givenServiceRequest(f)).srNumber}/notes`, body: { text: 'Matrix note' } }),
  listServiceRequestNotes: async (f) => ({ method: 'GET', path: `/service-requests/${(await givenServiceRequest(f)).srNumber}/notes` }),
  getServiceRequestAudit: async (f) => ({ method: 'GET', path: `/service-requests/${(await givenServiceRequest(f)).srNumber}/audit` }),
  listServiceRequestTypes: async () => ({ method: 'GET', path: '/service-request-types' }),
  upsertCase: async (f) => {
    const caseNumber = `1-${uniqueDigits(10)}`;
    return { method: 'PUT', path: `/cases/${caseNumber}`, body: { caseNumber, status: 'open', owningSegment: 'SEG-1', receivingParent: f.receivingParent, payingParent: f.payingParent, qualifyingChildren: [] } };
  },
  getCase: async (f) => ({ method: 'GET', path: `/cases/${f.caseNumber}` }),
  upsertClient: async () => {
    const scin = uniqueDigits(10);
    return { method: 'PUT', path: `/clients/${scin}`, body: clientBody(scin) };
  },
  getClient: async (f) => ({ method: 'GET', path: `/clients/${f.receivingParent}` }),
  upsertEmployer: async () => {
    const ern = `E${uniqueDigits(7)}`;
    return { method: 'PUT', path: `/employers/${ern}`, body: { ern, name: 'Matrix Ltd', address: { type: 'correspondence', lines: ['1 Matrix Way', 'York'], postcode: 'YO1 7HH' } } };
  },
  getEmployer: async (f) => ({ method: 'GET', path: `/employers/${f.ern}` }),
  findCaseOwner: async (f) => ({ method: 'GET', path: `/case-owners?caseNumber=${f.caseNumber}` }),
  getCaseAudit: async (f) => ({ method: 'GET', path: `/cases/${f.caseNumber}/audit` }),
  getContactAudit: async (f) => ({ method: 'GET', path: `/contacts/${f.receivingParent}/audit` }),
  lookUpThirdParties: async () => ({ method: 'GET', path: '/third-parties?name=hughes&limit=5' }),
  getThirdParty: async (f) => ({ method: 'GET', path: `/third-parties/${(await givenThirdParty(f)).trn}` }),
  listThirdPartyTypes: async () => ({ method: 'GET', path: '/third-party-types' }),
  verifyThirdPartyCaller: async (f) => ({ method: 'POST', path: `/third-parties/${(await givenThirdParty(f)).trn}/verify-caller`, body: { callerName: 'Dai Jones', said: { postcode: 'ls15hd' } } }),
  setUpThirdParty: async (f) => ({
    method: 'POST',
    path: '/third-parties',
    body: {
      srNumber: await givenMaintenanceSr(f, 'Set Up New Third Party'),
      confirmation: letterheadConfirmation,
      organisation: { name: `Matrix ${uniqueDigits(5)} Bailiffs`, type: 'bailiff', addresses: [{ lines: ['1 Court St', 'Leeds'], postcode: 'LS1 1AA', primary: true }] },
    },
  }),
  amendThirdParty: async (f) => {
    const tp = await givenThirdParty(f);
    return { method: 'PATCH', path: `/third-parties/${tp.trn}`, body: { srNumber: await givenMaintenanceSr(f, 'Amend Organisation'), changes: { preferredContactMethod: 'email' } }, headers: { 'if-match': tp.etag } };
  },
  addThirdPartyContact: async (f) => {
    const tp = await givenThirdParty(f);
    return { method: 'POST', path: `/third-parties/${tp.trn}/contacts`, body: { srNumber: await givenMaintenanceSr(f, 'Amend Contact'), contact: { firstName: 'Rhys', lastName: 'Evans' } }, headers: { 'if-match': tp.etag } };
  },
  amendThirdPartyContact: async (f) => {
    const tp = await givenThirdParty(f);
    return { method: 'PATCH', path: `/third-parties/${tp.trn}/contacts/C01`, body: { srNumber: await givenMaintenanceSr(f, 'Amend Contact'), changes: { lastName: 'Hughess' } }, headers: { 'if-match': tp.etag } };
  },
  inactivateThirdPartyContact: async (f) => {
    const tp = await givenThirdParty(f);
    return { method: 'POST', path: `/third-parties/${tp.trn}/contacts/C01/inactivate`, body: { srNumber: await givenMaintenanceSr(f, 'Inactivate Contact'), reason: 'Left the firm' }, headers: { 'if-match': tp.etag } };
  },
  inactivateThirdParty: async (f) => {
    const tp = await givenThirdParty(f);
    return { method: 'POST', path: `/third-parties/${tp.trn}/inactivate`, body: { srNumber: await givenMaintenanceSr(f, 'Inactivate Organisation'), reason: 'Firm closed', confirmation: letterheadConfirmation }, headers: { 'if-match': tp.etag } };
  },
  confirmThirdPartyChange: async (f) => {
    const tp = await givenThirdParty(f);
    const held = await api('third-party-team').patch(`/third-parties/${tp.trn}`, { srNumber: await givenMaintenanceSr(f, 'Amend Organisation'), changes: { phone: '0113 496 0999' } }, { 'if-match': tp.etag });
    const changeId = (held.body as { change: { changeId: string } }).change.changeId;
    return { method: 'POST', path: `/third-parties/${tp.trn}/changes/${changeId}/confirm`, body: { confirmation: { method: 'outbound-call', confirmedWith: 'Ms Hughes', confirmedAt: '2026-11-23T10:00:00Z' } } };
  },
  thirdPartyLetterAddressing: async (f) => ({ method: 'GET', path: `/third-parties/${(await givenThirdParty(f)).trn}/letter-addressing?contactId=C01` }),
  routeThirdPartyInboundContact: async (f) => ({
    method: 'POST',
    path: `/third-parties/${(await givenThirdParty(f)).trn}/inbound-contacts`,
    body: { caseNumber: f.caseNumber, contactId: 'C01', channel: 'phone', description: 'Solicitor asking about arrears', caseworkerAvailable: true },
  }),
  getThirdPartyAudit: async (f) => ({ method: 'GET', path: `/third-parties/${(await givenThirdParty(f)).trn}/audit` }),

  // Letters: a client reaches only letters that were sent to them.
  listLetterTemplates: async () => ({ method: 'GET', path: '/letter-templates' }),
  createLetter: async (f) => ({ method: 'POST', path: `/service-requests/${(await givenServiceRequest(f)).srNumber}/letters`, body: { templateId: 'CMSL5509', recipient: { type: 'client', scin: f.receivingParent } } }),
  getLetter: async (f, role) => ({ method: 'GET', path: `/letters/${(role === 'client' ? await givenSentLetter(f) : await givenGeneratedLetter(f)).correspondenceId}` }),
  composeLetter: async (f) => {
    const { srNumber } = await givenServiceRequest(f);
    const created = await api('caseworker').post(`/service-requests/${srNumber}/letters`, { templateId: 'CMSL5509', recipient: { type: 'client', scin: f.receivingParent } });
    return { method: 'PATCH', path: `/letters/${(created.body as { correspondenceId: string }).correspondenceId}`, body: { paragraphs: { TM_09149E: true } }, headers: { 'if-match': created.headers.get('etag') ?? '' } };
  },
  generateLetter: async (f) => {
    const { srNumber } = await givenServiceRequest(f);
    const created = await api('caseworker').post(`/service-requests/${srNumber}/letters`, { templateId: 'CMSL5509', recipient: { type: 'client', scin: f.receivingParent } });
    const id = (created.body as { correspondenceId: string }).correspondenceId;
    const composed = await api('caseworker').patch(`/letters/${id}`, { paragraphs: { TM_09149E: true }, freeText: { enclosedDocuments: 'A copy' } }, { 'if-match': created.headers.get('etag') ?? '' });
    return { method: 'POST', path: `/letters/${id}/generate`, headers: { 'if-match': composed.headers.get('etag') ?? '' } };
  },
  getLetterPdf: async (f, role) => ({ method: 'GET', path: `/letters/${(role === 'client' ? await givenSentLetter(f) : await givenGeneratedLetter(f)).correspondenceId}/pdf` }),
  listCaseLetters: async (f) => ({ method: 'GET', path: `/cases/${f.caseNumber}/letters` }),
  listClientLetters: async (f) => ({ method: 'GET', path: `/clients/${f.receivingParent}/letters` }),
  recordReturnedLetter: async (f) => {
    const letter = await givenGeneratedLetter(f);
    return { method: 'POST', path: '/returned-letters', body: { identifyingCode: (letter.body as unknown as { generated: { identifyingCode: string } }).generated.identifyingCode } };
  },
  submitLetterForApproval: async (f) => {
    const letter = await givenGeneratedLetter(f);
    return { method: 'POST', path: `/letters/${letter.correspondenceId}/submit-for-approval`, headers: { 'if-match': letter.etag } };
  },
  selfApproveLetter: async (f) => {
    const letter = await givenGeneratedLetter(f, cmsl5512);
    return { method: 'POST', path: `/letters/${letter.correspondenceId}/self-approve`, headers: { 'if-match': letter.etag } };
  },
  approveLetter: async (f) => {
    const letter = await submitted(await givenGeneratedLetter(f));
    return { method: 'POST', path: `/letters/${letter.correspondenceId}/approve`, body: {}, headers: { 'if-match': letter.etag } };
  },
  rejectLetter: async (f) => {
    const letter = await submitted(await givenGeneratedLetter(f));
    return { method: 'POST', path: `/letters/${letter.correspondenceId}/reject`, body: { reasons: 'Wrong paragraph selected for a client' }, headers: { 'if-match': letter.etag } };
  },
  localFulfilLetter: async (f) => {
    const letter = await selfApproved(await givenGeneratedLetter(f, cmsl2040(f)));
    return { method: 'POST', path: `/letters/${letter.correspondenceId}/local-fulfil`, headers: { 'if-match': letter.etag } };
  },
  releaseHeldLetter: async (f) => {
    const held = await givenHeldLetter(f);
    return { method: 'POST', path: `/letters/${held.correspondenceId}/release`, headers: { 'if-match': held.etag } };
  },
  cancelLetter: async (f) => {
    const letter = await givenGeneratedLetter(f);
    return { method: 'POST', path: `/letters/${letter.correspondenceId}/cancel`, body: { reason: 'Generated In Error' }, headers: { 'if-match': letter.etag } };
  },
  approvalQueue: async () => ({ method: 'GET', path: '/approval-queue/SEG-MAINTENANCE-01' }),
  approvalSummary: async () => ({ method: 'GET', path: '/approval-queue/SEG-MAINTENANCE-01/summary' }),
  myActivities: async () => ({ method: 'GET', path: '/my-activities' }),
  reportFulfilment: async (f) => {
    const sent = await givenSentLetter(f);
    return { method: 'POST', path: `/print-batches/${sent.batchId}/report`, body: { fulfilled: [sent.correspondenceId] } };
  },
  previewLetterEnclosures: async (f) => ({ method: 'GET', path: `/letters/${(await givenGeneratedLetter(f, cmsl5512)).correspondenceId}/enclosures` }),
  emailLetterToPrintInbox: async (f) => {
    const letter = await selfApproved(await givenGeneratedLetter(f));
    return { method: 'POST', path: `/letters/${letter.correspondenceId}/print-inbox`, headers: { 'if-match': letter.etag } };
  },

  // Duplicate copies: a client asks for their own letters (after confirming they still want paper), staff for whoever asked.
  requestDuplicates: async (f, role) => {
    const letters = [await sentLetterOf(f)];
    if (role === 'client') return { method: 'POST', path: '/duplicate-requests', body: { letters, reason: 'Lost in a house move', confirmPaperCopy: true } };
    return { method: 'POST', path: '/duplicate-requests', body: { letters, reason: 'Lost in a house move', requester: { type: 'client', scin: f.receivingParent }, channel: 'phone' } };
  },
  getDuplicateRequest: async (f) => ({ method: 'GET', path: `/duplicate-requests/${(await givenDuplicateRequest(f)).srNumber}` }),
  acceptDuplicateRequest: async (f) => {
    const request = await givenDuplicateRequest(f);
    return { method: 'POST', path: `/duplicate-requests/${request.srNumber}/accept`, headers: { 'if-match': request.etag } };
  },
  declineDuplicateRequest: async (f) => {
    const request = await givenDuplicateRequest(f);
    return { method: 'POST', path: `/duplicate-requests/${request.srNumber}/decline`, body: { reason: 'Every letter is in your online account.' }, headers: { 'if-match': request.etag } };
  },
  listClientDuplicateRequests: async (f) => {
    await givenDuplicateRequest(f);
    return { method: 'GET', path: `/clients/${f.receivingParent}/duplicate-requests` };
  },
  listCaseDuplicateRequests: async (f) => {
    await givenDuplicateRequest(f);
    return { method: 'GET', path: `/cases/${f.caseNumber}/duplicate-requests` };
  },

  // Outbound email: staff read any email; a client reads only an email sent to them.
  listEmailTemplates: async () => ({ method: 'GET', path: '/email-templates' }),
  createEmail: async (_f, role) => {
    const c = await givenSelfServiceCase();
    // One form each: on an existing enquiry SR, or raising the SR with the email.
    if (role === 'case-manager') return { method: 'POST', path: '/emails', body: { caseNumber: c.caseNumber, scenario: 'account-calculation', ...toClient(c) } };
    return { method: 'POST', path: '/emails', body: { srNumber: (await givenEnquirySr(c)).srNumber, ...toClient(c) } };
  },
  getEmail: async (f, role) => ({ method: 'GET', path: `/emails/${role === 'client' ? await givenEmailSentTo(f) : (await givenGeneratedEmail(await givenSelfServiceCase())).correspondenceId}` }),
  composeEmail: async () => {
    const draft = await givenDraftEmail();
    return { method: 'PATCH', path: `/emails/${draft.id}`, body: { paragraphs: ['LTT-MP-01', 'LTT-MP-05'] }, headers: { 'if-match': draft.etag } };
  },
  generateEmail: async () => {
    const draft = await givenDraftEmail(['LTT-MP-02']);
    return { method: 'POST', path: `/emails/${draft.id}/generate`, headers: { 'if-match': draft.etag } };
  },
  submitEmailForApproval: async () => {
    const email = await givenGeneratedEmail(await givenSelfServiceCase(), { by: 'cw-alice' });
    return { method: 'POST', path: `/emails/${email.correspondenceId}/submit-for-approval`, headers: { 'if-match': email.etag } };
  },
  approveEmail: async () => {
    const email = await givenEmailAwaitingApproval();
    return { method: 'POST', path: `/emails/${email.id}/approve`, body: {}, headers: { 'if-match': email.etag } };
  },
  rejectEmail: async () => {
    const email = await givenEmailAwaitingApproval();
    return { method: 'POST', path: `/emails/${email.id}/reject`, body: { reasons: 'Use the line for a payment that was received' }, headers: { 'if-match': email.etag } };
  },
  requestEmailSend: async () => {
    const email = await givenApprovedEmail(await givenSelfServiceCase(), { by: 'cw-alice' });
    return { method: 'POST', path: `/emails/${email.correspondenceId}/send`, headers: { 'if-match': email.etag } };
  },
  cancelEmail: async () => {
    const email = await givenGeneratedEmail(await givenSelfServiceCase());
    return { method: 'POST', path: `/emails/${email.correspondenceId}/cancel`, body: { reason: 'Generated In Error' }, headers: { 'if-match': email.etag } };
  },
  listCaseEmails: async (f) => ({ method: 'GET', path: `/cases/${f.caseNumber}/emails` }),
  listClientEmails: async (f) => ({ method: 'GET', path: `/clients/${f.receivingParent}/emails` }),
  listIncidents: async () => ({ method: 'GET', path: '/incidents' }),
  getIncident: async () => ({ method: 'GET', path: `/incidents/${await givenIncident()}` }),

  // The 2-day promise.
  listEnquiriesDue: async () => ({ method: 'GET', path: '/enquiries-due/SEG-MAINTENANCE-01' }),
};

const httpRoutes = catalogue.filter((f) => f.trigger.type === 'http') as unknown as { name: string; trigger: HttpTrigger }[];

/**
 * Callers outside the case's segment (functions/platform/access.ts). Caseworkers, case managers and team
 * leaders reach only the cases their segments own and what hangs off them; anything else answers 404,
 * exactly as a record that does not exist. Each segment-scoped role a route allows makes the route's valid
 * call (a fresh target, on a case in SEG-MAINTENANCE-01) with a token whose only segment is outsideSegment.
 */
const segmentScoped = ['caseworker', 'case-manager', 'team-leader'] as const satisfies readonly Role[];
type ScopedRole = (typeof segmentScoped)[number];
const isSegmentScoped = (role: Role): role is ScopedRole => (segmentScoped as readonly Role[]).includes(role);

const outsiderOf = (role: ScopedRole, username?: string): ApiClient => api(role, { ...(username ? { username } : {}), segments: [outsideSegment] });

const send = (caller: ApiClient, call: Call): Promise<ApiResponse> =>
  caller.raw(call.method, call.path, call.body === undefined ? undefined : JSON.stringify(call.body), { 'content-type': 'application/json', ...call.headers });

/** Record references as they appear in paths and bodies; a reference of the same form made of zeros names nothing. */
const recordRef = /^(1-\d{10}|SR-[0-9A-Z]{8}|[LE]-[0-9A-Z]{8}|INC-[0-9A-Z]{8}|\d{10}|E\d{7})$/;
const missingRef = (ref: string): string => (/^E\d{7}$/.test(ref) ? 'E0000000' : ref.replace(/[0-9A-Z]+$/, (rest) => '0'.repeat(rest.length)));
const refsInPath = (call: Call): string[] => call.path.split('?')[0]!.split('/').filter((segment) => recordRef.test(segment));
const swapRefs = (text: string, refs: readonly string[], to: (ref: string) => string): string => refs.reduce((t, ref) => t.replaceAll(ref, to(ref)), text);
/** The same call naming records that do not exist. */
const missingCall = (call: Call, refs: readonly string[]): Call => ({
  ...call,
  path: swapRefs(call.path, refs, missingRef),
  ...(call.body === undefined ? {} : { body: JSON.parse(swapRefs(JSON.stringify(call.body), refs, missingRef)) as unknown }),
});
/** A problem answer with the references it names masked, to compare with the answer for a missing record. */
const masked = (body: unknown, refs: readonly string[]): string => swapRefs(JSON.stringify(body), refs, () => '<ref>');

const itemsOf = (res: ApiResponse): { caseNumber?: string }[] => (res.body as { items: { caseNumber?: string }[] }).items;

/** Every page of a list, following nextCursor. */
async function allItems(caller: ApiClient, path: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await caller.get(`${path}?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as { items: Record<string, unknown>[]; nextCursor?: string };
    items.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error(`${path} has more than 100 pages`);
}

interface OutsiderCheck {
  readonly fixture: CaseFixture;
  readonly role: ScopedRole;
  readonly call: Call;
  /** The outsider's answer. */
  readonly res: ApiResponse;
  /** The same call by the same role working in the fixture's segment. */
  readonly inSegment: () => Promise<ApiResponse>;
}

type OutsiderAnswer =
  /**
   * Reaches a case-scoped record, lists by case, or reads a segment's queue: 404, the answer a missing
   * record gets (compared where the path names a record; not where the same call would create one).
   */
  | { readonly kind: 'not-found'; readonly reason?: string; readonly compareWithMissing?: false }
  /** Creates on a case out of reach: the answer the same create naming a record that does not exist gets. */
  | { readonly kind: 'as-missing'; readonly reason: string; readonly refs: (call: Call) => string[] }
  /** Not case-scoped: 2xx; `check` asserts nothing of the fixture's case shows. `prepare` runs before the call. */
  | { readonly kind: 'allowed'; readonly reason: string; readonly prepare?: (f: CaseFixture) => Promise<unknown>; readonly check?: (c: OutsiderCheck) => Promise<void> }
  /** No segment-scoped role may call the route (the 403s are the matrix's). */
  | { readonly kind: 'no-scoped-role'; readonly reason: string };

const notFound: OutsiderAnswer = { kind: 'not-found' };
const notFoundNoCompare = (reason: string): OutsiderAnswer => ({ kind: 'not-found', reason, compareWithMissing: false });
const asMissing = (reason: string, refs: (call: Call) => string[]): OutsiderAnswer => ({ kind: 'as-missing', reason, refs });
const allowed = (reason: string, more: { prepare?: (f: CaseFixture) => Promise<unknown>; check?: (c: OutsiderCheck) => Promise<void> } = {}): OutsiderAnswer => ({ kind: 'allowed', reason, ...more });
const noScopedRole = (reason: string): OutsiderAnswer => ({ kind: 'no-scoped-role', reason });

const bodyOf = (call: Call) => call.body as Record<string, unknown>;

/**
 * A list by contact: only items of cases the caller reaches. The fixture's parties are on no case of the
 * outsider's segment, so the page is empty, while the same call in the segment lists something.
 */
const listedByContact = (reason: string, prepare?: (f: CaseFixture) => Promise<unknown>): OutsiderAnswer =>
  allowed(reason, {
    ...(prepare ? { prepare } : {}),
    check: async ({ fixture, res, inSegment }) => {
      const mine = await inSegment();
      expect(mine.status, JSON.stringify(mine.body)).toBe(200);
      expect(itemsOf(mine).length, 'the same call in the segment lists something').toBeGreaterThan(0);
      expect(itemsOf(res).filter((i) => i.caseNumber === fixture.caseNumber), 'no item of the fixture case').toEqual([]);
      expect(itemsOf(res), 'an empty page').toEqual([]);
    },
  });

/** A draft letter on an SR of the fixture's case, written by `username` (it is on their My Activities). */
async function givenDraftLetterBy(f: CaseFixture, role: ScopedRole, username?: string): Promise<string> {
  const { srNumber } = await givenServiceRequest(f);
  const created = await api(role, username ? { username } : {}).post(`/service-requests/${srNumber}/letters`, { templateId: 'CMSL5509', recipient: { type: 'client', scin: f.receivingParent } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return (created.body as { correspondenceId: string }).correspondenceId;
}

const srOfPath = (call: Call) => [call.path.split('/')[2]!];
const fromThirdPartyTeam = noScopedRole('third-party team only: not segment-scoped');

/** What a caller outside the fixture case's segment gets from each route's valid call. A route without an entry fails. */
const outsiderAnswer: Record<string, OutsiderAnswer> = {
  createServiceRequest: asMissing('an SR on a case out of reach: as on a case that does not exist', (call) => [bodyOf(call).caseNumber as string]),
  getServiceRequest: notFound,
  listCaseServiceRequests: notFound,
  listClientServiceRequests: listedByContact('list by contact: only items of reachable cases', givenServiceRequest),
  changeServiceRequestStatus: notFound,
  updateActivityStep: notFound,
  addServiceRequestNote: notFound,
  listServiceRequestNotes: notFound,
  getServiceRequestAudit: notFound,
  listEnquiriesDue: notFound,
  listServiceRequestTypes: allowed('reference data: not case-scoped'),
  // README: PUT /cases reaches "cases in the caller's segments"; the valid call's case is owned by SEG-1 (a test segment, not the outsider's).
  upsertCase: notFoundNoCompare('a case owned by a segment the caller does not work in; the same PUT naming a missing case would create it'),
  getCase: notFound,
  upsertClient: allowed('creates a client under a new SCIN, on no case yet'),
  getClient: notFound,
  upsertEmployer: allowed('creates an employer under a new ERN, on no case yet'),
  getEmployer: notFound,
  findCaseOwner: allowed('who owns a case, and nothing more: crosses segments by design, for routing a call', {
    check: async ({ fixture, res }) => {
      expect(res.body).toEqual({ items: [{ caseNumber: fixture.caseNumber, owningCaseworker: 'cw-alice', owningSegment: 'SEG-MAINTENANCE-01' }] });
    },
  }),
  getCaseAudit: notFound,
  getContactAudit: listedByContact('list by contact: only events of reachable cases (the contact’s own follow the contact)'),
  lookUpThirdParties: allowed('third-party directory: not case-scoped'),
  getThirdParty: allowed('third-party directory: not case-scoped'),
  listThirdPartyTypes: allowed('reference data: not case-scoped'),
  verifyThirdPartyCaller: allowed('third-party directory: not case-scoped'),
  setUpThirdParty: fromThirdPartyTeam,
  amendThirdParty: fromThirdPartyTeam,
  addThirdPartyContact: fromThirdPartyTeam,
  amendThirdPartyContact: fromThirdPartyTeam,
  inactivateThirdPartyContact: fromThirdPartyTeam,
  inactivateThirdParty: fromThirdPartyTeam,
  confirmThirdPartyChange: fromThirdPartyTeam,
  thirdPartyLetterAddressing: allowed('third-party directory: not case-scoped'),
  // README: "not case-scoped": a third party's call is routed to the case's owning segment (Pending Assignment), whoever takes it.
  routeThirdPartyInboundContact: allowed('third-party directory: routes the call to the owning segment (README: not case-scoped)', {
    check: async ({ fixture, role, res }) => {
      const sr = res.body as { srNumber: string; caseNumber: string; status: string };
      expect(sr.caseNumber).toBe(fixture.caseNumber);
      expect(sr.status).toBe('Pending Assignment');
      // Routed, not reached: the SR itself stays out of the caller's reach.
      expect((await outsiderOf(role).get(`/service-requests/${sr.srNumber}`)).status).toBe(404);
    },
  }),
  getThirdPartyAudit: allowed('third-party directory: not case-scoped'),

  listLetterTemplates: allowed('reference data: not case-scoped'),
  createLetter: asMissing('a letter on an SR out of reach: as on an SR that does not exist', srOfPath),
  getLetter: notFound,
  composeLetter: notFound,
  generateLetter: notFound,
  getLetterPdf: notFound,
  listCaseLetters: notFound,
  listClientLetters: listedByContact('list by contact: only items of reachable cases', (f) => givenDraftLetterBy(f, 'caseworker')),
  recordReturnedLetter: notFound,
  submitLetterForApproval: notFound,
  selfApproveLetter: notFound,
  approveLetter: notFound,
  rejectLetter: notFound,
  localFulfilLetter: notFound,
  releaseHeldLetter: notFound,
  cancelLetter: notFound,
  approvalQueue: notFound,
  approvalSummary: notFound,
  myActivities: allowed('the caller’s own work list: work on cases out of reach leaves it', {
    check: async ({ fixture, role }) => {
      // A user of their own, so the list is short and certainly holds the fixture's work in the segment.
      const username = `matrix-${role}-${uniqueDigits(6)}`;
      const letterId = await givenDraftLetterBy(fixture, role, username);
      const activities = async (caller: ApiClient) => {
        const res = await caller.get('/my-activities');
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return Object.values((res.body as { groups: Record<string, { correspondenceId: string; caseNumber: string }[]> }).groups).flat();
      };
      expect((await activities(api(role, { username }))).map((a) => a.correspondenceId), 'in the segment').toContain(letterId);
      const outside = await activities(outsiderOf(role, username));
      expect(outside.filter((a) => a.caseNumber === fixture.caseNumber), 'no work of the fixture case').toEqual([]);
    },
  }),
  reportFulfilment: noScopedRole('the Fulfilment House machine only'),
  previewLetterEnclosures: notFound,
  emailLetterToPrintInbox: notFound,

  requestDuplicates: asMissing('copies of letters out of reach: as of letters that do not exist', (call) => bodyOf(call).letters as string[]),
  getDuplicateRequest: notFound,
  acceptDuplicateRequest: notFound,
  declineDuplicateRequest: notFound,
  listClientDuplicateRequests: listedByContact('list by contact: only items of reachable cases'),
  listCaseDuplicateRequests: notFound,

  listEmailTemplates: allowed('reference data: not case-scoped'),
  createEmail: asMissing('an email on an SR (or a case) out of reach: as on one that does not exist', (call) => [(bodyOf(call).srNumber ?? bodyOf(call).caseNumber) as string]),
  getEmail: notFound,
  composeEmail: notFound,
  generateEmail: notFound,
  submitEmailForApproval: notFound,
  approveEmail: notFound,
  rejectEmail: notFound,
  requestEmailSend: notFound,
  cancelEmail: notFound,
  listCaseEmails: notFound,
  listClientEmails: listedByContact('list by contact: only items of reachable cases', async (f) => givenGeneratedEmail(await givenSelfServiceClient(f))),
  listIncidents: allowed('open incidents of every segment, filtered: only those of reachable cases', {
    check: async ({ role }) => {
      const incidentId = await givenIncident();
      expect((await allItems(api(role), '/incidents')).map((i) => i.incidentId), 'in the segment').toContain(incidentId);
      expect((await allItems(outsiderOf(role), '/incidents')).map((i) => i.incidentId), 'outside the segment').not.toContain(incidentId);
    },
  }),
  getIncident: notFound,
};

/** One fixture case per route, shared by the outsider checks of its roles (the duplicate routes' sent letter takes a print batch). */
const outsiderFixtures = new Map<string, Promise<CaseFixture>>();
const outsiderFixture = (route: string): Promise<CaseFixture> => {
  let fixture = outsiderFixtures.get(route);
  if (!fixture) {
    fixture = givenCase();
    outsiderFixtures.set(route, fixture);
  }
  return fixture;
};

const expectationText = (answer: OutsiderAnswer | undefined): string =>
  !answer ? 'an answer (no entry)' : answer.kind === 'not-found' ? '404' : answer.kind === 'as-missing' ? 'the answer a missing record gets' : answer.kind === 'allowed' ? '2xx' : 'no call';

describe('role matrix', () => {
  it('has a valid request for every HTTP route in the catalogue', () => {
    expect(httpRoutes.map((r) => r.name).sort()).toEqual(Object.keys(validCall).sort());
  });

  for (const route of httpRoutes) {
    it(`${route.trigger.method} ${route.trigger.path} answers 401 without a valid token and 2xx/403 per declared roles (${route.trigger.roles.join(', ')})`, async () => {
      const fixture = await givenCase();
      const probe = await validCall[route.name]!(fixture, route.trigger.roles[0]!);
      expect((await anonymous().raw(probe.method, probe.path, probe.body === undefined ? undefined : JSON.stringify(probe.body), { 'content-type': 'application/json', ...probe.headers })).status).toBe(401);
      expect((await anonymous({ authorization: 'Bearer not.a.token' }).raw(probe.method, probe.path, undefined, probe.headers)).status).toBe(401);

      for (const role of roles) {
        // Each role gets a fresh target; a refused role's request is never processed, so only allowed roles need one.
        const call = route.trigger.roles.includes(role) ? await validCall[route.name]!(fixture, role) : probe;
        const caller = api(role as Role, role === 'client' ? { scin: fixture.receivingParent } : {});
        const res = await caller.raw(call.method, call.path, call.body === undefined ? undefined : JSON.stringify(call.body), { 'content-type': 'application/json', ...call.headers });
        if (route.trigger.roles.includes(role)) {
          expect(res.status, `${role}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(200);
          expect(res.status, `${role}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
        } else {
          expect(res.status, `${role} should be refused`).toBe(403);
          expect((res.body as { type: string }).type).toBe('/problems/forbidden');
        }
      }
    });
  }
});

describe('role matrix: a caller outside the case’s segment', () => {
  it('has an outsider expectation for every HTTP route, and "no segment-scoped role" exactly where the route allows none', () => {
    expect(Object.keys(outsiderAnswer).sort()).toEqual(httpRoutes.map((r) => r.name).sort());
    for (const route of httpRoutes) {
      expect(outsiderAnswer[route.name]?.kind === 'no-scoped-role', `${route.name} (${route.trigger.roles.join(', ')})`).toBe(!route.trigger.roles.some(isSegmentScoped));
    }
  });

  for (const route of httpRoutes) {
    const answer = outsiderAnswer[route.name];
    for (const role of route.trigger.roles.filter(isSegmentScoped)) {
      it(`${route.trigger.method} ${route.trigger.path}: a ${role} whose only segment is ${outsideSegment} gets ${expectationText(answer)}`, async () => {
        expect(answer, `no outsider expectation for ${route.name}`).toBeDefined();
        if (!answer || answer.kind === 'no-scoped-role') return;
        const fixture = await outsiderFixture(route.name);
        if (answer.kind === 'allowed') await answer.prepare?.(fixture);
        const call = await validCall[route.name]!(fixture, role);
        const outsider = outsiderOf(role);
        const res = await send(outsider, call);
        const said = `${role} outside: ${res.status} ${JSON.stringify(res.body)}`;

        if (answer.kind === 'not-found') {
          expect(res.status, said).toBe(404);
          expect((res.body as { type: string }).type, said).toBe('/problems/notFound');
          // Exactly the answer for a record that does not exist, where the path names one.
          const refs = answer.compareWithMissing === false ? [] : refsInPath(call);
          if (refs.length > 0) {
            const missing = await send(outsider, missingCall(call, refs));
            expect(missing.status, JSON.stringify(missing.body)).toBe(404);
            expect(masked(res.body, refs), 'the same answer as for a missing record').toBe(masked(missing.body, refs.map(missingRef)));
          }
        } else if (answer.kind === 'as-missing') {
          const refs = answer.refs(call);
          expect(refs.length, 'the records the create names').toBeGreaterThan(0);
          const missing = await send(outsider, missingCall(call, refs));
          expect(missing.status, `missing record: ${JSON.stringify(missing.body)}`).toBeGreaterThanOrEqual(400);
          expect(missing.status, `missing record: ${JSON.stringify(missing.body)}`).toBeLessThan(500);
          expect(res.status, said).toBe(missing.status);
          expect((res.body as { type: string }).type, said).toBe((missing.body as { type: string }).type);
          expect(masked(res.body, refs), 'the same answer as for a missing record').toBe(masked(missing.body, refs.map(missingRef)));
        } else {
          expect(res.status, said).toBeGreaterThanOrEqual(200);
          expect(res.status, said).toBeLessThan(300);
          await answer.check?.({ fixture, role, call, res, inSegment: () => send(api(role), call) });
        }
      }, 60_000);
    }
  }
});
