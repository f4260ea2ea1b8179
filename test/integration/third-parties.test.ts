import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, type ApiResponse } from '../support/api.ts';
import { eventually, generalEnquiry, givenCase, givenServiceRequest, uniqueDigits, type CaseFixture } from './fixtures.ts';

type Json = Record<string, unknown>;
type Address = { lines: string[]; postcode: string; primary?: boolean };
type Contact = { contactId: string; status: string; firstName: string; lastName: string; phone?: string; email?: string };
type Organisation = { trn: string; name: string; type: string; status: string; phone?: string; email?: string; preferredContactMethod: string; addresses: Address[]; maintainedByThirdPartyTeamOnly: boolean; version: number };
type Change = { changeId: string; kind: string; status: string; proposed: Json; confirmation?: Json };
type TpRecord = { organisation: Organisation; contacts: Contact[]; pendingChanges: Change[] };
type Outcome = { outcome: 'applied' | 'pending-confirmation'; minor: boolean; change: Change; record: TpRecord };
type LookupItem = { trn: string; name: string; type: string; status: string; postcode: string; contact?: { contactId: string; name: string; status: string } };
type Sr = Json & { srNumber: string; status: string; subStatus?: string; assignedTo?: { kind: string; id: string }; callBack?: Json; contact?: Json };
type AuditEvent = { action: string; actor: { id: string; role: string }; changes: Record<string, { before: unknown; after: unknown }> };

const team = api('third-party-team', { username: 'tp-gwen' });
const caseworker = api('caseworker', { username: 'cw-alice' });

const expectProblem = (res: ApiResponse, status: number, type: string) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect((res.body as Json).type).toBe(`/problems/${type}`);
  return res.body as Json & { detail: string; errors?: { field: string; rule: string }[] };
};

const expectStatus = (res: ApiResponse, status: number) => expect(res.status, JSON.stringify(res.body)).toBe(status);

/** A made-up word no other test (or the demo data) uses, so lookups by name see only this test's records. */
const uniqueWord = (): string => {
  const letters = Array.from({ length: 9 }, () => 'abcdefghijklmnopqrstuvwxyz'[randomInt(26)]).join('');
  return letters[0]!.toUpperCase() + letters.slice(1);
};
const leedsPhone = (): string => `0113 ${uniqueDigits(3)} ${uniqueDigits(4)}`;
const letterhead = { method: 'letterhead', confirmedWith: 'Letter on letterhead dated 20 November 2026', confirmedAt: '2026-11-20T10:00:00Z' } as const;
const outboundCall = { method: 'outbound-call', confirmedWith: 'Priya Patel, practice manager', confirmedAt: '2026-11-23T11:30:00Z' } as const;

const maintain = (subArea: string) => ({ process: 'Third Party', area: 'Maintain Third Party', subArea });
const maintenanceSr = async (fixture: CaseFixture, subArea: string): Promise<string> => (await givenServiceRequest(fixture, maintain(subArea))).srNumber;

interface ThirdPartyFixture {
  trn: string;
  etag: string;
  record: TpRecord;
  fixture: CaseFixture;
  word: string;
  name: string;
  phone: string;
  email: string;
  contactPhone: string;
  contactEmail: string;
}

interface ThirdPartyOptions {
  word?: string;
  type?: string;
  postcode?: string;
  fixture?: CaseFixture;
  contacts?: Json[];
  /** Organisation fields to set besides the defaults. */
  organisation?: Json;
}

function organisationBody(word: string, options: ThirdPartyOptions, phone: string, email: string): Json {
  return {
    name: `${word} Harbour & Lowe Solicitors`,
    type: options.type ?? 'solicitor',
    addresses: [
      { lines: ['Unit 4, Riverside Court', 'Salford'], postcode: 'M3 7BB', primary: false },
      { lines: ['12 Park Row', 'Leeds'], postcode: options.postcode ?? 'LS1 5HD', primary: true },
    ],
    phone,
    email,
    preferredContactMethod: 'letter',
    ...options.organisation,
  };
}

/** Sets up an organisation (with one named contact unless told otherwise) through the API, as the third-party team. */
async function givenThirdParty(options: ThirdPartyOptions = {}): Promise<ThirdPartyFixture> {
  const fixture = options.fixture ?? (await givenCase());
  const word = options.word ?? uniqueWord();
  const phone = leedsPhone();
  const email = `office@${word.toLowerCase()}.example.com`;
  const contactPhone = leedsPhone();
  const contactEmail = `priya.patel@${word.toLowerCase()}.example.com`;
  const organisation = organisationBody(word, options, phone, email);
  const res = await team.post('/third-parties', {
    srNumber: await maintenanceSr(fixture, 'Set Up New Third Party'),
    confirmation: letterhead,
    organisation,
    contacts: options.contacts ?? [{ title: 'Ms', firstName: 'Priya', lastName: 'Patel', jobTitle: 'Practice manager', phone: contactPhone, email: contactEmail }],
  });
  expectStatus(res, 201);
  const record = res.body as TpRecord;
  return { trn: record.organisation.trn, etag: res.headers.get('etag') ?? '', record, fixture, word, name: organisation.name as string, phone, email, contactPhone, contactEmail };
}

const lookUp = async (query: Record<string, string>): Promise<LookupItem[]> => {
  const res = await caseworker.get(`/third-parties?${new URLSearchParams(query).toString()}`);
  expectStatus(res, 200);
  return (res.body as { items: LookupItem[] }).items;
};
const trnsOf = (items: LookupItem[]): string[] => items.map((i) => i.trn).sort();

const read = async (trn: string): Promise<{ record: TpRecord; etag: string }> => {
  const res = await caseworker.get(`/third-parties/${trn}`);
  expectStatus(res, 200);
  return { record: res.body as TpRecord, etag: res.headers.get('etag') ?? '' };
};

const auditOf = async (trn: string): Promise<AuditEvent[]> => {
  const res = await caseworker.get(`/third-parties/${trn}/audit?limit=100`);
  expectStatus(res, 200);
  return (res.body as { items: AuditEvent[] }).items;
};

describe('setting up a third party', () => {
  it('issues a TRN under a Set Up New Third Party SR, a different one for each organisation', async () => {
    const first = await givenThirdParty();
    const second = await givenThirdParty();
    expect(first.trn).toMatch(/^T\d{7}$/);
    expect(second.trn).toMatch(/^T\d{7}$/);
    expect(second.trn).not.toBe(first.trn);
    expect(first.etag).toBe('"1"');
    expect(first.record.organisation).toMatchObject({ name: first.name, type: 'solicitor', status: 'active', maintainedByThirdPartyTeamOnly: false, preferredContactMethod: 'letter', version: 1 });
    expect(first.record.contacts).toEqual([expect.objectContaining({ contactId: 'C01', trn: first.trn, status: 'active', firstName: 'Priya', lastName: 'Patel' })]);
    expect(first.record.pendingChanges).toEqual([]);
    // Anyone on staff then finds it by its TRN.
    const { record } = await read(first.trn);
    expect(record.organisation).toMatchObject({ trn: first.trn, name: first.name, phone: first.phone, email: first.email });
  });

  it('a retried set-up with the same Idempotency-Key gives back the same TRN instead of a second organisation', async () => {
    const fixture = await givenCase();
    const word = uniqueWord();
    const body = { srNumber: await maintenanceSr(fixture, 'Set Up New Third Party'), confirmation: letterhead, organisation: organisationBody(word, {}, leedsPhone(), `office@${word}.example.com`) };
    const key = `setup-${uniqueDigits(12)}`;
    const first = await team.post('/third-parties', body, { 'idempotency-key': key });
    const retry = await team.post('/third-parties', body, { 'idempotency-key': key });
    expectStatus(first, 201);
    expectStatus(retry, 201);
    const trn = (first.body as TpRecord).organisation.trn;
    expect((retry.body as TpRecord).organisation.trn).toBe(trn);
    expect(trnsOf(await lookUp({ name: word }))).toEqual([trn]);
  });

  it('marks MP, ICE, PHSO and HMCTS records as maintained by the third-party team only', async () => {
    const fixture = await givenCase();
    for (const type of ['mp', 'ice', 'phso', 'hmcts']) {
      const { record } = await givenThirdParty({ fixture, type, contacts: [] });
      expect(record.organisation.maintainedByThirdPartyTeamOnly, type).toBe(true);
    }
  });

  it('refuses a set-up under the wrong SR type or a closed SR, and creates nothing', async () => {
    const fixture = await givenCase();
    const word = uniqueWord();
    const organisation = organisationBody(word, {}, leedsPhone(), `office@${word}.example.com`);
    const wrongTypes = [(await givenServiceRequest(fixture, generalEnquiry)).srNumber, await maintenanceSr(fixture, 'Amend Organisation')];
    for (const srNumber of wrongTypes) {
      const res = await team.post('/third-parties', { srNumber, confirmation: letterhead, organisation });
      expect(expectProblem(res, 422, 'businessRule').errors?.[0]?.field).toBe('body.srNumber');
    }
    const closed = await givenServiceRequest(fixture, maintain('Set Up New Third Party'));
    const closing = await caseworker.post(`/service-requests/${closed.srNumber}/status`, { status: 'Closed', subStatus: 'Withdrawn', note: 'Raised twice' }, { 'if-match': closed.etag });
    expectStatus(closing, 200);
    const res = await team.post('/third-parties', { srNumber: closed.srNumber, confirmation: letterhead, organisation });
    const problem = expectProblem(res, 422, 'businessRule');
    expect(problem.errors?.[0]?.rule).toContain('closed');
    expect(await lookUp({ name: word, includeInactive: 'true' })).toEqual([]);
  });

  it('refuses bad input with 400 problem+json naming the field and the rule', async () => {
    const fixture = await givenCase();
    const srNumber = await maintenanceSr(fixture, 'Set Up New Third Party');
    const word = uniqueWord();
    const good = organisationBody(word, {}, leedsPhone(), `office@${word}.example.com`);
    const primary = { lines: ['12 Park Row'], postcode: 'LS1 5HD', primary: true };
    const cases: [string, Json, string][] = [
      ['unknown type', { ...good, type: 'wizard' }, 'body.organisation.type'],
      ['malformed postcode', { ...good, addresses: [{ ...primary, postcode: 'LS1 ABC' }] }, 'body.organisation.addresses.0.postcode'],
      ['malformed phone', { ...good, phone: '0113 49' }, 'body.organisation.phone'],
      ['letters in the phone', { ...good, phone: 'ring reception' }, 'body.organisation.phone'],
      ['malformed email', { ...good, email: 'office at example.com' }, 'body.organisation.email'],
      ['two primary addresses', { ...good, addresses: [primary, { ...primary, lines: ['1 City Square'] }] }, 'body.organisation.addresses'],
      ['no primary address', { ...good, addresses: [{ ...primary, primary: false }] }, 'body.organisation.addresses'],
    ];
    for (const [what, organisation, field] of cases) {
      const res = await team.post('/third-parties', { srNumber, confirmation: letterhead, organisation });
      const problem = expectProblem(res, 400, 'validation');
      expect(problem.errors?.map((e) => e.field), what).toContain(field);
      expect(problem.errors?.find((e) => e.field === field)?.rule, what).toBeTruthy();
    }
    expect(await lookUp({ name: word, includeInactive: 'true' })).toEqual([]);
  });

  it('only the third-party team may set up an organisation', async () => {
    const fixture = await givenCase();
    const word = uniqueWord();
    const body = { srNumber: await maintenanceSr(fixture, 'Set Up New Third Party'), confirmation: letterhead, organisation: organisationBody(word, {}, leedsPhone(), `office@${word}.example.com`) };
    for (const role of ['caseworker', 'case-manager', 'team-leader'] as const) expectProblem(await api(role).post('/third-parties', body), 403, 'forbidden');
    expect(await lookUp({ name: word })).toEqual([]);
  });
});

describe('finding a third party', () => {
  it('finds a record by its exact TRN, and says when there is none', async () => {
    const tp = await givenThirdParty();
    expect((await read(tp.trn)).record.organisation.name).toBe(tp.name);
    expectProblem(await caseworker.get('/third-parties/T9999998'), 404, 'notFound');
    expect(expectProblem(await caseworker.get('/third-parties/12345'), 400, 'validation').errors?.[0]?.field).toBe('path.trn');
  });

  it('finds organisations by the start of any word of their name, in any case', async () => {
    const tp = await givenThirdParty();
    const result = await lookUp({ name: tp.word.slice(0, 5).toUpperCase() });
    expect(trnsOf(result)).toEqual([tp.trn]);
    expect(result[0]).toMatchObject({ trn: tp.trn, name: tp.name, type: 'solicitor', status: 'active', postcode: 'LS1 5HD' });
    expect(trnsOf(await lookUp({ name: `harb ${tp.word.toLowerCase()}` }))).toEqual([tp.trn]);
    expect(trnsOf(await lookUp({ name: `accountants ${tp.word}` }))).toEqual([]);
  });

  it('narrows a name search by full postcode, outward code or type', async () => {
    const fixture = await givenCase();
    const word = uniqueWord();
    const leeds = await givenThirdParty({ fixture, word, postcode: 'LS1 5HD' });
    const crossgates = await givenThirdParty({ fixture, word, postcode: 'LS15 8AB', type: 'accountant' });
    expect(trnsOf(await lookUp({ name: word }))).toEqual([leeds.trn, crossgates.trn].sort());
    expect(trnsOf(await lookUp({ name: word, postcode: 'ls15hd' }))).toEqual([leeds.trn]);
    expect(trnsOf(await lookUp({ name: word, postcode: 'LS15 8AB' }))).toEqual([crossgates.trn]);
    expect(trnsOf(await lookUp({ name: word, postcode: 'LS1' }))).toEqual([leeds.trn]);
    expect(trnsOf(await lookUp({ name: word, postcode: 'LS15' }))).toEqual([crossgates.trn]);
    // Any of the organisation's addresses counts, not only the primary one.
    expect(trnsOf(await lookUp({ name: word, postcode: 'M3' }))).toEqual([leeds.trn, crossgates.trn].sort());
    expect(trnsOf(await lookUp({ name: word, type: 'accountant' }))).toEqual([crossgates.trn]);
    expect(trnsOf(await lookUp({ name: word, type: 'solicitor', postcode: 'LS15' }))).toEqual([]);
    const bad = await caseworker.get(`/third-parties?${new URLSearchParams({ name: word, postcode: 'nowhere' }).toString()}`);
    expect(expectProblem(bad, 400, 'validation').errors?.[0]?.field).toBe('query.postcode');
    const badType = await caseworker.get(`/third-parties?${new URLSearchParams({ name: word, type: 'wizard' }).toString()}`);
    expect(expectProblem(badType, 400, 'validation').errors?.[0]?.field).toBe('query.type');
  });

  it('finds an organisation or its named contact by a phone number given in another format', async () => {
    const tp = await givenThirdParty();
    const international = `+44 (0)${tp.phone.slice(1).replace(/ /g, '')}`;
    const byOrgPhone = await lookUp({ phone: international });
    expect(trnsOf(byOrgPhone)).toEqual([tp.trn]);
    expect(byOrgPhone[0]?.contact).toBeUndefined();
    const byContactPhone = await lookUp({ phone: tp.contactPhone.replace(/ /g, '-') });
    expect(byContactPhone).toEqual([expect.objectContaining({ trn: tp.trn, contact: { contactId: 'C01', name: 'Ms Priya Patel', status: 'active' } })]);
  });

  it('finds an organisation or its named contact by email address in another case', async () => {
    const tp = await givenThirdParty();
    expect(trnsOf(await lookUp({ email: tp.email.toUpperCase() }))).toEqual([tp.trn]);
    const byContact = await lookUp({ email: tp.contactEmail.replace('priya.patel', 'Priya.Patel') });
    expect(byContact).toEqual([expect.objectContaining({ trn: tp.trn, contact: expect.objectContaining({ contactId: 'C01' }) })]);
  });

  it('asks for exactly one of name, phone or email', async () => {
    expectProblem(await caseworker.get('/third-parties'), 400, 'validation');
    expectProblem(await caseworker.get(`/third-parties?name=Harbour&phone=${encodeURIComponent('0113 496 0000')}`), 400, 'validation');
  });
});

describe('caller verification', () => {
  it('verifies a caller who gives three correct details (in their own formats), and not one who gives two, never revealing the stored values', async () => {
    const tp = await givenThirdParty();
    const storedValues = [tp.phone, tp.phone.replace(/ /g, ''), tp.email, tp.contactPhone, tp.contactEmail, '12 Park Row', 'LS1 5HD', 'M3 7BB'];

    const three = await caseworker.post(`/third-parties/${tp.trn}/verify-caller`, {
      callerName: 'Daniel Okafor',
      said: { organisationName: tp.name.toUpperCase().replace('&', 'and'), postcode: 'ls15hd', phone: `+44 (0) ${tp.phone.slice(1)}` },
    });
    expectStatus(three, 200);
    expect(three.body).toMatchObject({ verified: true, required: 3 });
    expect((three.body as { matched: string[] }).matched.sort()).toEqual(['organisationName', 'phone', 'postcode']);

    const two = await caseworker.post(`/third-parties/${tp.trn}/verify-caller`, {
      callerName: 'Daniel Okafor',
      said: { trn: tp.trn, email: tp.email.toUpperCase(), phone: '0113 000 0000', postcode: 'LS2 7EW', addressLine1: '14 Park Row' },
    });
    expectStatus(two, 200);
    expect(two.body).toMatchObject({ verified: false });
    expect((two.body as { matched: string[] }).matched.sort()).toEqual(['email', 'trn']);

    for (const res of [three, two]) {
      const json = JSON.stringify(res.body);
      for (const stored of storedValues) expect(json).not.toContain(stored);
    }
  });

  it("records the caller's name in the SR notes when an SR number is given", async () => {
    const tp = await givenThirdParty();
    const { srNumber } = await givenServiceRequest(tp.fixture);
    const res = await caseworker.post(`/third-parties/${tp.trn}/verify-caller`, {
      callerName: 'Siobhan Gallagher',
      srNumber,
      said: { trn: tp.trn, addressLine1: '12 PARK ROW', email: tp.email },
    });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ verified: true });
    const notes = (await caseworker.get(`/service-requests/${srNumber}/notes`)).body as { items: { text: string }[] };
    expect(notes.items).toHaveLength(1);
    expect(notes.items[0]?.text).toContain('Siobhan Gallagher');
    expect(notes.items[0]?.text).toContain(tp.trn);
  });

  it('says when the TRN is unknown', async () => {
    const res = await caseworker.post('/third-parties/T9999997/verify-caller', { callerName: 'Someone', said: { trn: 'T9999997' } });
    expectProblem(res, 404, 'notFound');
  });
});

describe('maintaining a third party record', () => {
  it('applies a spelling fix of the name at once, and lookups find the corrected name', async () => {
    const fixture = await givenCase();
    const word = uniqueWord();
    const tp = await givenThirdParty({ fixture, word, organisation: { name: `${word} Harbour & Lowe Solicitros` } });
    const corrected = `${word} Harbour & Lowe Solicitors`;
    const fix = await team.patch(`/third-parties/${tp.trn}`, { srNumber: await maintenanceSr(fixture, 'Amend Organisation'), changes: { name: corrected } }, { 'if-match': tp.etag });
    expectStatus(fix, 200);
    expect(fix.body).toMatchObject({ outcome: 'applied', minor: true, change: { status: 'applied', kind: 'amend-organisation' } });
    expect((fix.body as Outcome).record.organisation.name).toBe(corrected);
    expect(fix.headers.get('etag')).toBe('"2"');
    const { record } = await read(tp.trn);
    expect(record.organisation.name).toBe(corrected);
    expect(record.pendingChanges).toEqual([]);
    expect(trnsOf(await lookUp({ name: `${word} solicitors` }))).toEqual([tp.trn]);
    expect(trnsOf(await lookUp({ name: `${word} solicitros` }))).toEqual([]);
  });

  it('holds a new name (not a spelling fix) until confirmed', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture });
    const res = await team.patch(`/third-parties/${tp.trn}`, { srNumber: await maintenanceSr(fixture, 'Amend Organisation'), changes: { name: `${tp.word} Northern Legal Services LLP` } }, { 'if-match': tp.etag });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ outcome: 'pending-confirmation', minor: false });
    expect((await read(tp.trn)).record.organisation.name).toBe(tp.name);
  });

  it('applies a change of preferred contact method at once', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture });
    const res = await team.patch(`/third-parties/${tp.trn}`, { srNumber: await maintenanceSr(fixture, 'Amend Organisation'), changes: { preferredContactMethod: 'email' } }, { 'if-match': tp.etag });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ outcome: 'applied', minor: true });
    const { record } = await read(tp.trn);
    expect(record.organisation.preferredContactMethod).toBe('email');
    expect(record.pendingChanges).toEqual([]);
  });

  it('holds a new phone number until the team records it was confirmed by an outbound call, then applies it', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture });
    const srNumber = await maintenanceSr(fixture, 'Amend Organisation');
    const newPhone = leedsPhone();
    const held = await team.patch(`/third-parties/${tp.trn}`, { srNumber, changes: { phone: newPhone } }, { 'if-match': tp.etag });
    expectStatus(held, 200);
    const outcome = held.body as Outcome;
    expect(outcome).toMatchObject({ outcome: 'pending-confirmation', minor: false, change: { status: 'pending', kind: 'amend-organisation', srNumber, proposed: { phone: newPhone } } });
    expect(outcome.change.changeId).toMatch(/^CH-[0-9A-Z]{8}$/);

    // The record still has the old number; the held change is listed with it.
    const before = await read(tp.trn);
    expect(before.record.organisation.phone).toBe(tp.phone);
    expect(before.record.pendingChanges).toEqual([expect.objectContaining({ changeId: outcome.change.changeId, status: 'pending', proposed: expect.objectContaining({ phone: newPhone }) })]);
    expect(trnsOf(await lookUp({ phone: newPhone }))).toEqual([]);
    expect(trnsOf(await lookUp({ phone: tp.phone }))).toEqual([tp.trn]);

    // Only the third-party team records the confirmation.
    expectProblem(await caseworker.post(`/third-parties/${tp.trn}/changes/${outcome.change.changeId}/confirm`, { confirmation: outboundCall }), 403, 'forbidden');
    expectProblem(await team.post(`/third-parties/${tp.trn}/changes/${outcome.change.changeId}/confirm`, { confirmation: { ...outboundCall, confirmedAt: 'yesterday' } }), 400, 'validation');
    const confirmed = await team.post(`/third-parties/${tp.trn}/changes/${outcome.change.changeId}/confirm`, { confirmation: outboundCall });
    expectStatus(confirmed, 200);
    expect(confirmed.body).toMatchObject({ outcome: 'applied', change: { changeId: outcome.change.changeId, status: 'applied', confirmation: outboundCall } });

    const after = await read(tp.trn);
    expect(after.record.organisation.phone).toBe(newPhone);
    expect(after.record.pendingChanges).toEqual([]);
    expect(trnsOf(await lookUp({ phone: newPhone }))).toEqual([tp.trn]);
    expect(trnsOf(await lookUp({ phone: tp.phone }))).toEqual([]);
    // A change is confirmed once.
    expectProblem(await team.post(`/third-parties/${tp.trn}/changes/${outcome.change.changeId}/confirm`, { confirmation: outboundCall }), 404, 'notFound');
  });

  it('an amendment changes only the fields it names: a new phone number leaves the preferred contact method and payment schedule as they were', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture, organisation: { preferredContactMethod: 'email', paymentSchedule: true } });
    expect(tp.record.organisation).toMatchObject({ preferredContactMethod: 'email', paymentSchedule: true });
    const newPhone = leedsPhone();
    const res = await team.patch(`/third-parties/${tp.trn}`, { srNumber: await maintenanceSr(fixture, 'Amend Organisation'), confirmation: outboundCall, changes: { phone: newPhone } }, { 'if-match': tp.etag });
    expectStatus(res, 200);
    expect((await read(tp.trn)).record.organisation).toMatchObject({ phone: newPhone, preferredContactMethod: 'email', paymentSchedule: true });
    expect((res.body as Outcome).change.proposed).toEqual({ phone: newPhone });
  });

  it('applies a non-minor change at once when the request carries its confirmation', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture });
    const newEmail = `accounts@${tp.word.toLowerCase()}.example.com`;
    const res = await team.patch(`/third-parties/${tp.trn}`, { srNumber: await maintenanceSr(fixture, 'Amend Organisation'), confirmation: letterhead, changes: { email: newEmail } }, { 'if-match': tp.etag });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ outcome: 'applied', minor: false, change: { status: 'applied', confirmation: letterhead } });
    const { record } = await read(tp.trn);
    expect(record.organisation.email).toBe(newEmail);
    expect(record.pendingChanges).toEqual([]);
  });

  it('holds a change of a named contact phone number, and applies a spelling fix of their name at once', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture, contacts: [{ title: 'Ms', firstName: 'Priya', lastName: 'Pattel' }] });
    const srNumber = await maintenanceSr(fixture, 'Amend Contact');
    const fix = await team.patch(`/third-parties/${tp.trn}/contacts/C01`, { srNumber, changes: { lastName: 'Patel' } }, { 'if-match': tp.etag });
    expectStatus(fix, 200);
    expect(fix.body).toMatchObject({ outcome: 'applied', minor: true });
    const phone = await team.patch(`/third-parties/${tp.trn}/contacts/C01`, { srNumber, changes: { phone: leedsPhone() } }, { 'if-match': fix.headers.get('etag') ?? '' });
    expectStatus(phone, 200);
    expect(phone.body).toMatchObject({ outcome: 'pending-confirmation', minor: false });
    const { record } = await read(tp.trn);
    expect(record.contacts[0]).toMatchObject({ lastName: 'Patel' });
    expect(record.contacts[0]?.phone).toBeUndefined();
  });

  it('audits every change with before and after', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture });
    const srNumber = await maintenanceSr(fixture, 'Amend Organisation');
    const minor = await team.patch(`/third-parties/${tp.trn}`, { srNumber, changes: { preferredContactMethod: 'fax' } }, { 'if-match': tp.etag });
    expectStatus(minor, 200);
    const newPhone = leedsPhone();
    const held = await team.patch(`/third-parties/${tp.trn}`, { srNumber, changes: { phone: newPhone } }, { 'if-match': minor.headers.get('etag') ?? '' });
    expectStatus(held, 200);
    const confirmed = await team.post(`/third-parties/${tp.trn}/changes/${(held.body as Outcome).change.changeId}/confirm`, { confirmation: outboundCall });
    expectStatus(confirmed, 200);

    const events = await auditOf(tp.trn);
    expect(events.map((e) => e.action)).toEqual(['ThirdPartySetUp', 'ThirdPartyChanged', 'ThirdPartyChangeRequested', 'ThirdPartyChangeConfirmed']);
    expect(events.every((e) => e.actor.id === 'tp-gwen' && e.actor.role === 'third-party-team')).toBe(true);
    expect(events[0]?.changes.name).toEqual({ before: null, after: tp.name });
    expect(events[1]?.changes.preferredContactMethod).toEqual({ before: 'letter', after: 'fax' });
    expect(JSON.stringify(events[2]?.changes)).toContain(newPhone);
    expect(events[3]?.changes.phone).toEqual({ before: tp.phone, after: newPhone });
  });

  it('inactivating an organisation inactivates all its contacts with it, and it drops out of lookups', async () => {
    const fixture = await givenCase();
    const word = uniqueWord();
    const tp = await givenThirdParty({
      fixture,
      word,
      contacts: [
        { title: 'Ms', firstName: 'Priya', lastName: 'Patel', phone: leedsPhone() },
        { title: 'Mr', firstName: 'Owen', lastName: 'Price', email: `owen.price@${word.toLowerCase()}.example.com` },
      ],
    });
    const srNumber = await maintenanceSr(fixture, 'Inactivate Organisation');
    const res = await team.post(`/third-parties/${tp.trn}/inactivate`, { srNumber, reason: 'The firm has closed', confirmation: outboundCall }, { 'if-match': tp.etag });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ outcome: 'applied' });
    const { record } = await read(tp.trn);
    expect(record.organisation.status).toBe('inactive');
    expect(record.contacts.map((c) => [c.contactId, c.status])).toEqual([['C01', 'inactive'], ['C02', 'inactive']]);

    expect(await lookUp({ name: word })).toEqual([]);
    expect(await lookUp({ phone: tp.phone })).toEqual([]);
    expect(await lookUp({ email: `owen.price@${word.toLowerCase()}.example.com` })).toEqual([]);
    expect(await lookUp({ name: word, includeInactive: 'true' })).toEqual([expect.objectContaining({ trn: tp.trn, status: 'inactive' })]);
    expect(await lookUp({ email: `owen.price@${word.toLowerCase()}.example.com`, includeInactive: 'true' })).toEqual([
      expect.objectContaining({ trn: tp.trn, status: 'inactive', contact: expect.objectContaining({ contactId: 'C02', status: 'inactive' }) }),
    ]);
  });

  it('holds an inactivation without a confirmation', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture });
    const res = await team.post(`/third-parties/${tp.trn}/inactivate`, { srNumber: await maintenanceSr(fixture, 'Inactivate Organisation'), reason: 'Letter says the firm is closing' }, { 'if-match': tp.etag });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ outcome: 'pending-confirmation' });
    expect((await read(tp.trn)).record.organisation.status).toBe('active');
  });

  it('refuses to add a contact to an inactive organisation, or to change it at all', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture });
    const inactivated = await team.post(`/third-parties/${tp.trn}/inactivate`, { srNumber: await maintenanceSr(fixture, 'Inactivate Organisation'), reason: 'Merged into another firm', confirmation: letterhead }, { 'if-match': tp.etag });
    expectStatus(inactivated, 200);
    const etag = inactivated.headers.get('etag') ?? '';
    const add = await team.post(`/third-parties/${tp.trn}/contacts`, { srNumber: await maintenanceSr(fixture, 'Amend Contact'), confirmation: outboundCall, contact: { firstName: 'Owen', lastName: 'Price' } }, { 'if-match': etag });
    expect(expectProblem(add, 422, 'businessRule').detail).toContain('inactive');
    const amend = await team.patch(`/third-parties/${tp.trn}`, { srNumber: await maintenanceSr(fixture, 'Amend Organisation'), changes: { preferredContactMethod: 'email' } }, { 'if-match': etag });
    expectProblem(amend, 422, 'businessRule');
    expect((await read(tp.trn)).record.contacts).toHaveLength(1);
  });

  it('adds a named contact to an active organisation with the next contact id', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture });
    const res = await team.post(`/third-parties/${tp.trn}/contacts`, { srNumber: await maintenanceSr(fixture, 'Amend Contact'), confirmation: outboundCall, contact: { title: 'Mr', firstName: 'Owen', lastName: 'Price' } }, { 'if-match': tp.etag });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ outcome: 'applied' });
    expect((await read(tp.trn)).record.contacts.map((c) => [c.contactId, c.lastName, c.status])).toEqual([['C01', 'Patel', 'active'], ['C02', 'Price', 'active']]);
  });

  it('of two amendments made from the same ETag, exactly one wins, the other gets 409, and nothing is lost', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture });
    const srNumber = await maintenanceSr(fixture, 'Amend Organisation');
    const newPhone = leedsPhone();
    const newEmail = `accounts@${tp.word.toLowerCase()}.example.com`;
    const [a, b] = await Promise.all([
      team.patch(`/third-parties/${tp.trn}`, { srNumber, confirmation: outboundCall, changes: { phone: newPhone } }, { 'if-match': tp.etag }),
      team.patch(`/third-parties/${tp.trn}`, { srNumber, confirmation: outboundCall, changes: { email: newEmail } }, { 'if-match': tp.etag }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expectProblem(loser, 409, 'conflict');
    const afterRace = await read(tp.trn);
    // The winner's change is there in full, the loser's not at all.
    if (a.status === 200) expect(afterRace.record.organisation).toMatchObject({ phone: newPhone, email: tp.email });
    else expect(afterRace.record.organisation).toMatchObject({ phone: tp.phone, email: newEmail });
    expect(afterRace.record.organisation.version).toBe(2);

    // The loser reads again and reapplies: both changes are kept.
    const retry = await team.patch(`/third-parties/${tp.trn}`, { srNumber, confirmation: outboundCall, changes: a.status === 409 ? { phone: newPhone } : { email: newEmail } }, { 'if-match': afterRace.etag });
    expectStatus(retry, 200);
    expect((await read(tp.trn)).record.organisation).toMatchObject({ phone: newPhone, email: newEmail, version: 3 });
    expect((await auditOf(tp.trn)).filter((e) => e.action === 'ThirdPartyChanged')).toHaveLength(2);
  });

  it('refuses a stale If-Match with 409 and a missing one with 428, changing nothing', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture });
    const srNumber = await maintenanceSr(fixture, 'Amend Organisation');
    expectProblem(await team.patch(`/third-parties/${tp.trn}`, { srNumber, changes: { preferredContactMethod: 'email' } }), 428, 'preconditionRequired');
    expectStatus(await team.patch(`/third-parties/${tp.trn}`, { srNumber, changes: { preferredContactMethod: 'email' } }, { 'if-match': tp.etag }), 200);
    const stale = await team.patch(`/third-parties/${tp.trn}`, { srNumber, changes: { preferredContactMethod: 'phone' } }, { 'if-match': tp.etag });
    expect(expectProblem(stale, 409, 'conflict').currentVersion).toBe(2);
    expect((await read(tp.trn)).record.organisation).toMatchObject({ preferredContactMethod: 'email', version: 2 });
  });

  it('refuses a change under an SR of the wrong kind', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture });
    const res = await team.patch(`/third-parties/${tp.trn}`, { srNumber: await maintenanceSr(fixture, 'Inactivate Contact'), changes: { preferredContactMethod: 'email' } }, { 'if-match': tp.etag });
    expect(expectProblem(res, 422, 'businessRule').errors?.[0]?.field).toBe('body.srNumber');
    expect((await read(tp.trn)).record.organisation.preferredContactMethod).toBe('letter');
  });

  it('only the third-party team may change records', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture, type: 'mp' });
    const srNumber = await maintenanceSr(fixture, 'Amend Organisation');
    for (const role of ['caseworker', 'case-manager', 'team-leader'] as const) {
      const who = api(role);
      expectProblem(await who.patch(`/third-parties/${tp.trn}`, { srNumber, changes: { preferredContactMethod: 'email' } }, { 'if-match': tp.etag }), 403, 'forbidden');
      expectProblem(await who.post(`/third-parties/${tp.trn}/inactivate`, { srNumber, reason: 'x', confirmation: letterhead }, { 'if-match': tp.etag }), 403, 'forbidden');
      expectProblem(await who.post(`/third-parties/${tp.trn}/contacts`, { srNumber, contact: { firstName: 'A', lastName: 'B' } }, { 'if-match': tp.etag }), 403, 'forbidden');
      expectProblem(await who.patch(`/third-parties/${tp.trn}/contacts/C01`, { srNumber, changes: { lastName: 'Pattel' } }, { 'if-match': tp.etag }), 403, 'forbidden');
      expectProblem(await who.post(`/third-parties/${tp.trn}/contacts/C01/inactivate`, { srNumber, reason: 'x', confirmation: letterhead }, { 'if-match': tp.etag }), 403, 'forbidden');
      // Finding, reading and verifying are open to all staff.
      expectStatus(await who.get(`/third-parties/${tp.trn}`), 200);
    }
    expectProblem(await api('client', { scin: tp.fixture.receivingParent }).get(`/third-parties/${tp.trn}`), 403, 'forbidden');
    expect((await read(tp.trn)).record.organisation).toMatchObject({ preferredContactMethod: 'letter', status: 'active', version: 1 });
  });
});

describe('linking a third party to a service request', () => {
  const raise = (fixture: CaseFixture, contact: Json) => caseworker.post('/service-requests', { caseNumber: fixture.caseNumber, contact, ...generalEnquiry, channel: 'phone' });

  it('links an active organisation and its active named contact', async () => {
    const tp = await givenThirdParty();
    const res = await raise(tp.fixture, { type: 'third-party', trn: tp.trn, contactId: 'C01' });
    expectStatus(res, 201);
    expect((res.body as Sr).contact).toEqual({ type: 'third-party', trn: tp.trn, contactId: 'C01' });
  });

  it('refuses an inactive or unknown named contact, and an inactive or unknown organisation', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture, contacts: [{ firstName: 'Priya', lastName: 'Patel' }, { firstName: 'Owen', lastName: 'Price' }] });
    const inactivated = await team.post(`/third-parties/${tp.trn}/contacts/C02/inactivate`, { srNumber: await maintenanceSr(fixture, 'Inactivate Contact'), reason: 'Left the firm', confirmation: outboundCall }, { 'if-match': tp.etag });
    expectStatus(inactivated, 200);
    expect((await read(tp.trn)).record.contacts.map((c) => c.status)).toEqual(['active', 'inactive']);

    expect(expectProblem(await raise(fixture, { type: 'third-party', trn: tp.trn, contactId: 'C02' }), 422, 'businessRule').errors?.[0]?.field).toBe('body.contact');
    expect(expectProblem(await raise(fixture, { type: 'third-party', trn: tp.trn, contactId: 'C99' }), 422, 'businessRule').errors?.[0]?.field).toBe('body.contact');
    expect(expectProblem(await raise(fixture, { type: 'third-party', trn: 'T9999996' }), 422, 'businessRule').errors?.[0]?.field).toBe('body.contact');
    expectStatus(await raise(fixture, { type: 'third-party', trn: tp.trn, contactId: 'C01' }), 201);

    const closed = await team.post(`/third-parties/${tp.trn}/inactivate`, { srNumber: await maintenanceSr(fixture, 'Inactivate Organisation'), reason: 'Closed', confirmation: outboundCall }, { 'if-match': inactivated.headers.get('etag') ?? '' });
    expectStatus(closed, 200);
    expect(expectProblem(await raise(fixture, { type: 'third-party', trn: tp.trn }), 422, 'businessRule').errors?.[0]?.field).toBe('body.contact');
    expect(expectProblem(await raise(fixture, { type: 'third-party', trn: tp.trn, contactId: 'C01' }), 422, 'businessRule').errors?.[0]?.field).toBe('body.contact');
  });
});

describe('routing inbound contact from a third party', () => {
  it('raises a Third Party / Manage Inbound Correspondence / Case/Client Enquiry SR on the case, Pending Assignment, allocated to the owning caseworker', async () => {
    const fixture = await givenCase({ owningCaseworker: 'cw-ffion' });
    const tp = await givenThirdParty({ fixture });
    const res = await team.post(`/third-parties/${tp.trn}/inbound-contacts`, {
      caseNumber: fixture.caseNumber,
      contactId: 'C01',
      channel: 'letter',
      description: 'Solicitor asks for the current calculation on behalf of the receiving parent',
      caseworkerAvailable: true,
    });
    expectStatus(res, 201);
    const sr = res.body as Sr;
    expect(sr).toMatchObject({
      process: 'Third Party',
      area: 'Manage Inbound Correspondence',
      subArea: 'Case/Client Enquiry',
      caseNumber: fixture.caseNumber,
      contact: { type: 'third-party', trn: tp.trn, contactId: 'C01' },
      status: 'Pending Assignment',
      channel: 'letter',
    });
    expect(sr.callBack).toBeUndefined();
    const allocated = await eventually(
      async () => (await caseworker.get(`/service-requests/${sr.srNumber}`)).body as Sr,
      (s) => s.assignedTo !== undefined,
    );
    expect(allocated.assignedTo).toMatchObject({ kind: 'caseworker', id: 'cw-ffion' });
    expect(allocated.status).toBe('Pending Assignment');
    // It is on the case's list of SRs.
    const onCase = (await caseworker.get(`/cases/${fixture.caseNumber}/service-requests`)).body as { items: Sr[] };
    expect(onCase.items.map((s) => s.srNumber)).toContain(sr.srNumber);
  });

  it('when the caseworker is unavailable, raises a Manage Inbound Call / General Enquiry SR with a call-back to the third party', async () => {
    const fixture = await givenCase({ owningCaseworker: 'cw-ffion' });
    const tp = await givenThirdParty({ fixture });
    const res = await team.post(`/third-parties/${tp.trn}/inbound-contacts`, {
      caseNumber: fixture.caseNumber,
      contactId: 'C01',
      channel: 'phone',
      description: 'Wants to discuss the arrears; caseworker on leave',
      caseworkerAvailable: false,
    });
    expectStatus(res, 201);
    const sr = res.body as Sr;
    expect(sr).toMatchObject({ ...generalEnquiry, caseNumber: fixture.caseNumber, contact: { type: 'third-party', trn: tp.trn, contactId: 'C01' } });
    expect(sr.callBack).toMatchObject({ trn: tp.trn, contactId: 'C01', phone: tp.contactPhone });
    // Without a named contact, the call-back is to the organisation's number.
    const orgOnly = await team.post(`/third-parties/${tp.trn}/inbound-contacts`, { caseNumber: fixture.caseNumber, channel: 'phone', description: 'Switchboard call', caseworkerAvailable: false });
    expectStatus(orgOnly, 201);
    expect((orgOnly.body as Sr).callBack).toMatchObject({ trn: tp.trn, phone: tp.phone });
    expect((orgOnly.body as Sr).contact).toEqual({ type: 'third-party', trn: tp.trn });
  });

  it('refuses to route contact to an unknown case or from an inactive organisation', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture });
    const noCase = await team.post(`/third-parties/${tp.trn}/inbound-contacts`, { caseNumber: '1-0000000002', channel: 'letter', description: 'x', caseworkerAvailable: true });
    expectProblem(noCase, 422, 'businessRule');
    const closed = await team.post(`/third-parties/${tp.trn}/inactivate`, { srNumber: await maintenanceSr(fixture, 'Inactivate Organisation'), reason: 'Closed', confirmation: outboundCall }, { 'if-match': tp.etag });
    expectStatus(closed, 200);
    const inactive = await team.post(`/third-parties/${tp.trn}/inbound-contacts`, { caseNumber: fixture.caseNumber, channel: 'letter', description: 'x', caseworkerAvailable: true });
    expectProblem(inactive, 422, 'businessRule');
  });
});

describe('addressing letters to a third party', () => {
  it('addresses a named contact by name with the organisation on the next line, and the organisation alone as Sir/Madam, with the TRN and SR number in the header', async () => {
    const tp = await givenThirdParty();
    const { srNumber } = await givenServiceRequest(tp.fixture);

    const named = await caseworker.get(`/third-parties/${tp.trn}/letter-addressing?contactId=C01&srNumber=${srNumber}`);
    expectStatus(named, 200);
    expect(named.body).toMatchObject({
      addressBlock: ['Ms Priya Patel', tp.name, '12 Park Row', 'Leeds', 'LS1 5HD'],
      salutation: 'Dear Ms Patel',
      valediction: 'Yours sincerely',
    });

    const organisation = await caseworker.get(`/third-parties/${tp.trn}/letter-addressing?srNumber=${srNumber}`);
    expectStatus(organisation, 200);
    expect(organisation.body).toMatchObject({
      addressBlock: [tp.name, '12 Park Row', 'Leeds', 'LS1 5HD'],
      salutation: 'Dear Sir/Madam',
      valediction: 'Yours faithfully',
    });

    for (const res of [named, organisation]) {
      const values = (res.body as { references: { value: string }[] }).references.map((r) => r.value);
      expect(values).toEqual(expect.arrayContaining([tp.trn, srNumber]));
    }
    const noSr = (await caseworker.get(`/third-parties/${tp.trn}/letter-addressing`)).body as { references: { value: string }[] };
    expect(noSr.references.map((r) => r.value)).toEqual([tp.trn]);
  });

  it("writes to a named contact at their own address when they have one", async () => {
    const tp = await givenThirdParty({ contacts: [{ title: 'Mr', firstName: 'Owen', lastName: 'Price', salutation: 'Dear Owen', address: { lines: ['Floor 3, 1 City Square', 'Leeds'], postcode: 'ls12es' } }] });
    const res = await caseworker.get(`/third-parties/${tp.trn}/letter-addressing?contactId=C01`);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ addressBlock: ['Mr Owen Price', tp.name, 'Floor 3, 1 City Square', 'Leeds', 'LS1 2ES'], salutation: 'Dear Owen', valediction: 'Yours sincerely' });
  });

  it('refuses to address a letter to an inactive contact, and says when the contact does not exist', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty({ fixture });
    expectProblem(await caseworker.get(`/third-parties/${tp.trn}/letter-addressing?contactId=C05`), 404, 'notFound');
    const gone = await team.post(`/third-parties/${tp.trn}/contacts/C01/inactivate`, { srNumber: await maintenanceSr(fixture, 'Inactivate Contact'), reason: 'Retired', confirmation: letterhead }, { 'if-match': tp.etag });
    expectStatus(gone, 200);
    expectProblem(await caseworker.get(`/third-parties/${tp.trn}/letter-addressing?contactId=C01`), 422, 'businessRule');
  });
});
