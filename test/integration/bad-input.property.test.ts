import fc from 'fast-check';
import { catalogue } from '../../functions/catalogue.ts';
import { describe, expect, it } from 'vitest';
import { api } from '../support/api.ts';
import { generalEnquiry, givenCase, givenGeneratedLetter, givenMaintenanceSr, givenServiceRequest, givenThirdParty, letterheadConfirmation, uniqueDigits, type CaseFixture, type LetterFixture } from './fixtures.ts';
import { cmsl2040, givenHeldLetter, givenSentLetter, selfApproved, submitted } from './letter-flows.ts';
import { givenApprovedEmail, givenEnquirySr, givenGeneratedEmail, givenSelfServiceCase, type EmailCase } from './email-flows.ts';

/**
 * Random and mutated bodies against every write route: the answer is never a 5xx, a 4xx is always
 * problem+json, and a refused request leaves no trace (records and audit trails unchanged).
 */

interface WriteRoute {
  name: string;
  method: 'POST' | 'PUT';
  role?: Parameters<typeof api>[0];
  /** Sets up a target and returns the path, headers, a valid body and a snapshot of what a refusal must not change. */
  /** `valid` is undefined for routes that take no body: then every body sent must be refused. */
  prepare: (f: CaseFixture) => Promise<{ path: string; headers?: Record<string, string>; valid: Record<string, unknown> | undefined; snapshot: () => Promise<unknown> }>;
}

const caseworker = api('caseworker');
const manager = api('case-manager');
const body = async (path: string, role = caseworker) => (await role.get(path)).body;

const caseSnapshot = (f: CaseFixture) => async () => [await body(`/cases/${f.caseNumber}/service-requests?limit=100`), await body(`/cases/${f.caseNumber}/audit?limit=100`), await body(`/cases/${f.caseNumber}`, manager)];
const srSnapshot = (f: CaseFixture, srNumber: string) => async () => [await body(`/service-requests/${srNumber}`), await body(`/service-requests/${srNumber}/notes?limit=100`), await body(`/cases/${f.caseNumber}/audit?limit=100`)];

const routes: WriteRoute[] = [
  {
    name: 'createServiceRequest',
    method: 'POST',
    prepare: async (f) => ({ path: '/service-requests', valid: { caseNumber: f.caseNumber, contact: { type: 'client', scin: f.receivingParent }, ...generalEnquiry, channel: 'phone', description: 'x' }, snapshot: caseSnapshot(f) }),
  },
  {
    name: 'changeServiceRequestStatus',
    method: 'POST',
    prepare: async (f) => {
      const sr = await givenServiceRequest(f);
      return { path: `/service-requests/${sr.srNumber}/status`, headers: { 'if-match': sr.etag }, valid: { status: 'Closed', subStatus: 'Withdrawn', note: 'withdrawn' }, snapshot: srSnapshot(f, sr.srNumber) };
    },
  },
  {
    name: 'updateActivityStep',
    method: 'PUT',
    prepare: async (f) => {
      const sr = await givenServiceRequest(f);
      const started = await caseworker.post(`/service-requests/${sr.srNumber}/status`, { status: 'In Progress' }, { 'if-match': sr.etag });
      return { path: `/service-requests/${sr.srNumber}/activity-plan/call-back`, headers: { 'if-match': started.headers.get('etag') ?? '' }, valid: { done: true }, snapshot: srSnapshot(f, sr.srNumber) };
    },
  },
  {
    name: 'addServiceRequestNote',
    method: 'POST',
    prepare: async (f) => {
      const sr = await givenServiceRequest(f);
      return { path: `/service-requests/${sr.srNumber}/notes`, valid: { text: 'note', kind: 'decision' }, snapshot: srSnapshot(f, sr.srNumber) };
    },
  },
  {
    name: 'upsertCase',
    method: 'PUT',
    prepare: async (f) => {
      const current = await manager.get(`/cases/${f.caseNumber}`);
      const valid = { ...(current.body as Record<string, unknown>) };
      delete valid.version;
      delete valid.updatedAt;
      return { path: `/cases/${f.caseNumber}`, headers: { 'if-match': current.headers.get('etag') ?? '' }, valid, snapshot: caseSnapshot(f) };
    },
  },
  {
    name: 'upsertClient',
    method: 'PUT',
    prepare: async (f) => {
      const current = await manager.get(`/clients/${f.payingParent}`);
      const valid = { ...(current.body as Record<string, unknown>) };
      delete valid.version;
      delete valid.updatedAt;
      return { path: `/clients/${f.payingParent}`, headers: { 'if-match': current.headers.get('etag') ?? '' }, valid, snapshot: async () => [await body(`/clients/${f.payingParent}`, manager), await body(`/contacts/${f.payingParent}/audit?limit=100`)] };
    },
  },
  {
    name: 'upsertEmployer',
    method: 'PUT',
    prepare: async (f) => {
      const current = await manager.get(`/employers/${f.ern}`);
      const valid = { ...(current.body as Record<string, unknown>) };
      delete valid.version;
      delete valid.updatedAt;
      return { path: `/employers/${f.ern}`, headers: { 'if-match': current.headers.get('etag') ?? '' }, valid, snapshot: async () => [await body(`/employers/${f.ern}`, manager), await body(`/contacts/${f.ern}/audit?limit=100`)] };
    },
  },
  ...thirdPartyRoutes(),
  ...letterRoutes(),
  ...emailRoutes(),
  ...duplicateRoutes(),
];

function letterRoutes(): WriteRoute[] {
  const letterSnapshot = (f: CaseFixture, id: string) => async () => {
    const letter = (await body(`/letters/${id}`)) as { srNumber: string };
    return [letter, await body(`/cases/${f.caseNumber}/audit?limit=100`), await body(`/service-requests/${letter.srNumber}`)];
  };
  const on = (name: string, method: 'POST' | 'PATCH', suffix: string, state: (f: CaseFixture) => Promise<LetterFixture>, valid: (l: LetterFixture) => Record<string, unknown> | undefined, role?: Parameters<typeof api>[0]): WriteRoute => ({
    name,
    method: method as 'POST',
    ...(role ? { role } : {}),
    prepare: async (f) => {
      const letter = await state(f);
      return { path: `/letters/${letter.correspondenceId}${suffix}`, headers: { 'if-match': letter.etag }, valid: valid(letter), snapshot: letterSnapshot(f, letter.correspondenceId) };
    },
  });
  const draft = async (f: CaseFixture): Promise<LetterFixture> => {
    const { srNumber } = await givenServiceRequest(f);
    const created = await caseworker.post(`/service-requests/${srNumber}/letters`, { templateId: 'CMSL5509', recipient: { type: 'client', scin: f.receivingParent } });
    return { srNumber, correspondenceId: (created.body as { correspondenceId: string }).correspondenceId, etag: created.headers.get('etag') ?? '', body: created.body as LetterFixture['body'] };
  };
  return [
    {
      name: 'createLetter',
      method: 'POST',
      prepare: async (f) => {
        const { srNumber } = await givenServiceRequest(f);
        return { path: `/service-requests/${srNumber}/letters`, valid: { templateId: 'CMSL5509', recipient: { type: 'client', scin: f.receivingParent } }, snapshot: async () => [await body(`/cases/${f.caseNumber}/letters?limit=100`), await body(`/cases/${f.caseNumber}/audit?limit=100`)] };
      },
    },
    on('composeLetter', 'PATCH', '', draft, () => ({ paragraphs: { TM_09149E: true }, freeText: { enclosedDocuments: 'A copy of your letter' }, deliveryMethod: 'second-class' })),
    on('generateLetter', 'POST', '/generate', draft, () => undefined),
    on('submitLetterForApproval', 'POST', '/submit-for-approval', (f) => givenGeneratedLetter(f), () => undefined),
    on('selfApproveLetter', 'POST', '/self-approve', (f) => givenGeneratedLetter(f), () => undefined, 'case-manager'),
    on('approveLetter', 'POST', '/approve', async (f) => submitted(await givenGeneratedLetter(f)), () => ({ correction: { freeText: { enclosedDocuments: 'Corrected' } } }), 'team-leader'),
    on('rejectLetter', 'POST', '/reject', async (f) => submitted(await givenGeneratedLetter(f)), () => ({ reasons: 'Please choose the client paragraph' }), 'team-leader'),
    on('cancelLetter', 'POST', '/cancel', (f) => givenGeneratedLetter(f), () => ({ reason: 'Generated In Error', note: 'wrong one' })),
    on('releaseHeldLetter', 'POST', '/release', givenHeldLetter, () => undefined),
    on('localFulfilLetter', 'POST', '/local-fulfil', async (f) => selfApproved(await givenGeneratedLetter(f, cmsl2040(f))), () => undefined),
    {
      name: 'emailLetterToPrintInbox',
      method: 'POST',
      prepare: async (f) => {
        // Ready for Fulfilment: the contingency route takes it out of the batch; a refusal must leave it there, with no note on its SR.
        const letter = await selfApproved(await givenGeneratedLetter(f));
        const snapshot = letterSnapshot(f, letter.correspondenceId);
        return { path: `/letters/${letter.correspondenceId}/print-inbox`, headers: { 'if-match': letter.etag }, valid: undefined, snapshot: async () => [...(await snapshot()), await body(`/service-requests/${letter.srNumber}/notes?limit=100`)] };
      },
    },
    {
      name: 'recordReturnedLetter',
      method: 'POST',
      prepare: async (f) => {
        const letter = await givenGeneratedLetter(f);
        const code = (letter.body as unknown as { generated: { identifyingCode: string } }).generated.identifyingCode;
        return { path: '/returned-letters', valid: { identifyingCode: code, reason: 'Addressee gone away' }, snapshot: letterSnapshot(f, letter.correspondenceId) };
      },
    },
    {
      name: 'reportFulfilment',
      method: 'POST',
      role: 'fulfilment-house',
      prepare: async (f) => {
        const sent = await givenSentLetter(f);
        return { path: `/print-batches/${sent.batchId}/report`, valid: { fulfilled: [sent.correspondenceId], failed: [] }, snapshot: letterSnapshot(f, sent.correspondenceId) };
      },
    },
  ];
}

function emailRoutes(): WriteRoute[] {
  // Emails go only to self-service clients: each target is on a self-service case of its own (so its audit trail stays on one page).
  const etagOf = (res: { headers: Headers }) => res.headers.get('etag') ?? '';
  const toClient = (c: EmailCase) => ({ templateId: 'CMSL5515', recipient: { type: 'client', scin: c.receivingParent } });
  // The email, its SR (approval set, the enquiry's answer), the case's emails and audit trail.
  const emailSnapshot = (c: EmailCase, id: string) => async () => {
    const email = (await body(`/emails/${id}`)) as { srNumber: string };
    return [email, await body(`/service-requests/${email.srNumber}`), await body(`/cases/${c.caseNumber}/emails?limit=100`), await body(`/cases/${c.caseNumber}/audit?limit=100`)];
  };
  interface Target {
    correspondenceId: string;
    etag: string;
  }
  const on = (name: string, method: 'POST' | 'PATCH', suffix: string, state: (c: EmailCase) => Promise<Target>, valid: Record<string, unknown> | undefined, role?: Parameters<typeof api>[0]): WriteRoute => ({
    name,
    method: method as 'POST',
    ...(role ? { role } : {}),
    prepare: async () => {
      const c = await givenSelfServiceCase();
      const email = await state(c);
      return { path: `/emails/${email.correspondenceId}${suffix}`, headers: { 'if-match': email.etag }, valid, snapshot: emailSnapshot(c, email.correspondenceId) };
    },
  });
  const draft = (paragraphs?: string[]) => async (c: EmailCase): Promise<Target> => {
    const { srNumber } = await givenEnquirySr(c);
    const created = await caseworker.post('/emails', { srNumber, ...toClient(c), ...(paragraphs ? { paragraphs } : {}) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { correspondenceId: (created.body as { correspondenceId: string }).correspondenceId, etag: etagOf(created) };
  };
  // Written by cw-alice (the caseworker's default user): tl-tomos (the team leader's) may decide it.
  const awaitingApproval = async (c: EmailCase): Promise<Target> => {
    const email = await givenGeneratedEmail(c, { by: 'cw-alice' });
    const res = await caseworker.post(`/emails/${email.correspondenceId}/submit-for-approval`, undefined, { 'if-match': email.etag });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { correspondenceId: email.correspondenceId, etag: etagOf(res) };
  };
  return [
    {
      name: 'createEmail',
      method: 'POST',
      prepare: async () => {
        const c = await givenSelfServiceCase();
        const { srNumber } = await givenEnquirySr(c);
        return {
          path: '/emails',
          valid: { srNumber, ...toClient(c) },
          snapshot: async () => [await body(`/cases/${c.caseNumber}/emails?limit=100`), await body(`/cases/${c.caseNumber}/service-requests?limit=100`), await body(`/cases/${c.caseNumber}/audit?limit=100`)],
        };
      },
    },
    on('composeEmail', 'PATCH', '', draft(), { paragraphs: ['LTT-MP-01'] }),
    on('generateEmail', 'POST', '/generate', draft(['LTT-MP-02']), undefined),
    on('submitEmailForApproval', 'POST', '/submit-for-approval', (c) => givenGeneratedEmail(c, { by: 'cw-alice' }), undefined),
    on('approveEmail', 'POST', '/approve', awaitingApproval, { correction: { paragraphs: ['LTT-MP-01'] } }, 'team-leader'),
    on('rejectEmail', 'POST', '/reject', awaitingApproval, { reasons: 'Use the line for a received payment' }, 'team-leader'),
    on('requestEmailSend', 'POST', '/send', (c) => givenApprovedEmail(c, { by: 'cw-alice' }), undefined),
    on('cancelEmail', 'POST', '/cancel', (c) => givenGeneratedEmail(c), { reason: 'Generated In Error' }),
  ];
}

function duplicateRoutes(): WriteRoute[] {
  // Copies are of letters issued to the requester: one letter sent to the receiving parent (a print batch) serves every request on a fixture.
  const sent = new WeakMap<CaseFixture, Promise<string>>();
  const sentLetterOf = (f: CaseFixture) => {
    if (!sent.has(f)) sent.set(f, givenSentLetter(f).then((l) => l.correspondenceId));
    return sent.get(f)!;
  };
  const byPhone = async (f: CaseFixture) => ({ letters: [await sentLetterOf(f)], reason: 'Lost in a house move', requester: { type: 'client', scin: f.receivingParent }, channel: 'phone' });
  // The requests on the case and the client's, the case's SRs and audit trail.
  const caseRequests = (f: CaseFixture) => async () => [
    await body(`/cases/${f.caseNumber}/duplicate-requests?limit=100`),
    await body(`/clients/${f.receivingParent}/duplicate-requests?limit=100`),
    await body(`/cases/${f.caseNumber}/service-requests?limit=100`),
    await body(`/cases/${f.caseNumber}/audit?limit=100`),
  ];
  // The request, its SR and the SR's notes, the case's requests and audit trail.
  const requestSnapshot = (f: CaseFixture, srNumber: string) => async () => [
    await body(`/duplicate-requests/${srNumber}`),
    await body(`/service-requests/${srNumber}`),
    await body(`/service-requests/${srNumber}/notes?limit=100`),
    await body(`/cases/${f.caseNumber}/duplicate-requests?limit=100`),
    await body(`/cases/${f.caseNumber}/audit?limit=100`),
  ];
  const decision = (name: string, suffix: string, valid: Record<string, unknown> | undefined): WriteRoute => ({
    name,
    method: 'POST',
    prepare: async (f) => {
      const created = await caseworker.post('/duplicate-requests', await byPhone(f));
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const { srNumber } = created.body as { srNumber: string };
      return { path: `/duplicate-requests/${srNumber}${suffix}`, headers: { 'if-match': created.headers.get('etag') ?? '' }, valid, snapshot: requestSnapshot(f, srNumber) };
    },
  });
  return [
    { name: 'requestDuplicates', method: 'POST', prepare: async (f) => ({ path: '/duplicate-requests', valid: await byPhone(f), snapshot: caseRequests(f) }) },
    decision('acceptDuplicateRequest', '/accept', undefined),
    decision('declineDuplicateRequest', '/decline', { reason: 'Every letter is in your online account.' }),
  ];
}

function thirdPartyRoutes(): WriteRoute[] {
  const team = 'third-party-team';
  const tpSnapshot = (f: CaseFixture, trn: string) => async () => [await body(`/third-parties/${trn}`), await body(`/third-parties/${trn}/audit?limit=100`), await body(`/cases/${f.caseNumber}/service-requests?limit=100`)];
  const change = (name: string, method: 'POST' | 'PATCH', suffix: string, subArea: string, valid: (sr: string) => Record<string, unknown>): WriteRoute => ({
    name,
    method: method as 'POST',
    role: team,
    prepare: async (f) => {
      const tp = await givenThirdParty(f);
      return { path: `/third-parties/${tp.trn}${suffix}`, headers: { 'if-match': tp.etag }, valid: valid(await givenMaintenanceSr(f, subArea)), snapshot: tpSnapshot(f, tp.trn) };
    },
  });
  return [
    {
      name: 'setUpThirdParty',
      method: 'POST',
      role: team,
      prepare: async (f) => {
        const srNumber = await givenMaintenanceSr(f, 'Set Up New Third Party');
        const name = `Fuzz ${uniqueDigits(6)} Accountants`;
        return {
          path: '/third-parties',
          valid: { srNumber, confirmation: letterheadConfirmation, organisation: { name, type: 'accountant', addresses: [{ lines: ['3 Bank St', 'Leeds'], postcode: 'LS1 2AB', primary: true }] } },
          snapshot: async () => [await body(`/third-parties?name=${encodeURIComponent(name)}&includeInactive=true`)],
        };
      },
    },
    change('amendThirdParty', 'PATCH', '', 'Amend Organisation', (srNumber) => ({ srNumber, changes: { preferredContactMethod: 'email' } })),
    change('addThirdPartyContact', 'POST', '/contacts', 'Amend Contact', (srNumber) => ({ srNumber, contact: { firstName: 'Rhys', lastName: 'Evans' } })),
    change('amendThirdPartyContact', 'PATCH', '/contacts/C01', 'Amend Contact', (srNumber) => ({ srNumber, changes: { lastName: 'Hughess' } })),
    change('inactivateThirdPartyContact', 'POST', '/contacts/C01/inactivate', 'Inactivate Contact', (srNumber) => ({ srNumber, reason: 'Left' })),
    change('inactivateThirdParty', 'POST', '/inactivate', 'Inactivate Organisation', (srNumber) => ({ srNumber, reason: 'Closed', confirmation: letterheadConfirmation })),
    {
      name: 'confirmThirdPartyChange',
      method: 'POST',
      role: team,
      prepare: async (f) => {
        const tp = await givenThirdParty(f);
        const held = await api(team).patch(`/third-parties/${tp.trn}`, { srNumber: await givenMaintenanceSr(f, 'Amend Organisation'), changes: { phone: '0113 496 0777' } }, { 'if-match': tp.etag });
        const changeId = (held.body as { change: { changeId: string } }).change.changeId;
        return { path: `/third-parties/${tp.trn}/changes/${changeId}/confirm`, valid: { confirmation: { method: 'outbound-call', confirmedWith: 'Ms Hughes', confirmedAt: '2026-11-23T10:00:00Z' } }, snapshot: tpSnapshot(f, tp.trn) };
      },
    },
    {
      name: 'verifyThirdPartyCaller',
      method: 'POST',
      prepare: async (f) => {
        const tp = await givenThirdParty(f);
        const { srNumber } = await givenServiceRequest(f);
        return { path: `/third-parties/${tp.trn}/verify-caller`, valid: { callerName: 'Dai', srNumber, said: { postcode: 'LS1 5HD', trn: tp.trn } }, snapshot: async () => [await body(`/service-requests/${srNumber}/notes?limit=100`)] };
      },
    },
    {
      name: 'routeThirdPartyInboundContact',
      method: 'POST',
      prepare: async (f) => {
        const tp = await givenThirdParty(f);
        // SR numbers only: an SR a valid mutation raised is allocated in the background meanwhile.
        const srNumbers = async () => ((await body(`/cases/${f.caseNumber}/service-requests?limit=100`)) as { items: { srNumber: string }[] }).items.map((i) => i.srNumber);
        return { path: `/third-parties/${tp.trn}/inbound-contacts`, valid: { caseNumber: f.caseNumber, channel: 'letter', description: 'Enquiry', caseworkerAvailable: true }, snapshot: async () => [await body(`/third-parties/${tp.trn}`), await srNumbers()] };
      },
    },
  ];
}

/** A body that is random JSON, or the valid body with one field dropped, replaced by random JSON, or an unknown field added. */
const mutatedBody = (valid: Record<string, unknown> | undefined) => {
  if (!valid) return fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.string({ minLength: 1 }));
  const fields = Object.keys(valid);
  return fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string().map((s) => s),
    fc.constantFrom(...fields).map((f) => {
      const copy = { ...valid };
      delete copy[f];
      return JSON.stringify(copy);
    }),
    fc.tuple(fc.constantFrom(...fields), fc.jsonValue()).map(([f, v]) => JSON.stringify({ ...valid, [f]: v })),
    fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.jsonValue()).map(([f, v]) => JSON.stringify({ ...valid, [`x${f}`]: v })),
  );
};

describe('bad input never yields a 5xx or a half-written change', () => {
  for (const route of routes) {
    it(`${route.name}`, async () => {
      const fixture = await givenCase();
      const target = await route.prepare(fixture);
      const role = route.role ? api(route.role) : route.name.startsWith('upsert') ? manager : caseworker;
      await fc.assert(
        fc.asyncProperty(mutatedBody(target.valid), async (raw) => {
          const before = await target.snapshot();
          const res = await role.raw(route.method, target.path, raw, { 'content-type': 'application/json', ...target.headers });
          expect(res.status, `${raw} -> ${JSON.stringify(res.body)}`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get('content-type')).toContain('application/problem+json');
            expect(await target.snapshot()).toEqual(before);
          } else {
            // A mutation that was still valid changed the target: start again from a fresh one.
            Object.assign(target, await route.prepare(fixture));
          }
        }),
        { numRuns: 30, endOnFailure: true },
      );
    });
  }
});

describe('the property test covers every write route', () => {
  it('has a generator for each POST, PUT and PATCH route in the catalogue', () => {
    const writes = catalogue.flatMap((f) => (f.trigger.type === 'http' && f.trigger.method !== 'GET' ? [f.name] : []));
    expect(routes.map((r) => r.name).sort()).toEqual([...writes].sort());
  });
});
