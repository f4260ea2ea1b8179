import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { api, testSegments } from '../support/api.ts';

/** Fresh, unique records per test so tests never depend on each other's data. */

export const uniqueDigits = (n: number): string => Array.from({ length: n }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(10))).join('');

export interface CaseFixture {
  caseNumber: string;
  receivingParent: string;
  payingParent: string;
  ern: string;
  /** SCIN of the receiving parent's active representative, when asked for. */
  representative?: string;
  owningCaseworker?: string;
}

export async function givenCase(options: { owningCaseworker?: string | null; owningSegment?: string; representative?: boolean } = {}): Promise<CaseFixture> {
  // Set up as the case system would: whatever segment the case is in (staff write only their own segments' cases).
  const manager = api('case-manager', { segments: [...testSegments, ...(options.owningSegment ? [options.owningSegment] : [])] });
  const receivingParent = uniqueDigits(10);
  const payingParent = uniqueDigits(10);
  const ern = `E${uniqueDigits(7)}`;
  const caseNumber = `1-${uniqueDigits(10)}`;
  const representative = options.representative ? uniqueDigits(10) : undefined;
  const owningCaseworker = options.owningCaseworker === null ? undefined : (options.owningCaseworker ?? 'cw-alice');
  for (const [scin, firstName] of [[receivingParent, 'Rhiannon'], [payingParent, 'Paul']] as const) {
    const res = await manager.put(`/clients/${scin}`, {
      scin,
      firstName,
      lastName: 'Testcase',
      addresses: [{ type: 'correspondence', lines: ['1 Test Street', 'Testtown'], postcode: 'LS1 4AP' }],
      ...(representative && scin === receivingParent ? { representative: { scin: representative, name: 'Jones & Co Solicitors', active: true } } : {}),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  const employer = await manager.put(`/employers/${ern}`, {
    ern,
    name: 'Acme Widgets Ltd',
    address: { type: 'correspondence', lines: ['Acme House', 'Leeds'], postcode: 'LS2 8AA' },
  });
  expect(employer.status, JSON.stringify(employer.body)).toBe(200);
  const created = await manager.put(`/cases/${caseNumber}`, {
    caseNumber,
    status: 'open',
    ...(owningCaseworker ? { owningCaseworker } : {}),
    owningSegment: options.owningSegment ?? 'SEG-MAINTENANCE-01',
    receivingParent,
    payingParent,
    qualifyingChildren: [{ firstName: 'Cerys' }],
    employers: [ern],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return { caseNumber, receivingParent, payingParent, ern, ...(representative ? { representative } : {}), ...(owningCaseworker ? { owningCaseworker } : {}) };
}

export const generalEnquiry = { process: 'Manage Inbound Call', area: 'General Enquiry', subArea: 'General Enquiry' } as const;
export const reissueCorrespondence = { process: 'Outbound Contact', area: 'Reissue Correspondence', subArea: 'Reissue Correspondence' } as const;

export interface CreatedSr {
  srNumber: string;
  etag: string;
  body: Record<string, unknown>;
}

export async function givenServiceRequest(fixture: CaseFixture, type: { process: string; area: string; subArea: string } = generalEnquiry, role: Parameters<typeof api>[0] = 'caseworker'): Promise<CreatedSr> {
  const res = await api(role).post('/service-requests', {
    caseNumber: fixture.caseNumber,
    contact: { type: 'client', scin: fixture.receivingParent },
    ...type,
    channel: 'phone',
    description: 'Caller asked about the next payment date',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const body = res.body as Record<string, unknown>;
  return { srNumber: body.srNumber as string, etag: res.headers.get('etag') ?? '', body };
}

/** Polls until the check passes (for asynchronous work such as SQS consumers). */
export async function eventually<T>(read: () => Promise<T>, until: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (until(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** An SR to make third-party changes under (Third Party / Maintain Third Party / <subArea>). */
export const givenMaintenanceSr = async (fixture: CaseFixture, subArea: string): Promise<string> =>
  (await givenServiceRequest(fixture, { process: 'Third Party', area: 'Maintain Third Party', subArea })).srNumber;

export const letterheadConfirmation = { method: 'letterhead', confirmedWith: 'Letter of 20 November 2026', confirmedAt: '2026-11-20T09:00:00Z' } as const;

export interface ThirdPartyFixture {
  trn: string;
  etag: string;
  name: string;
}

/** A solicitor with one named contact (C01), set up by the third-party team. */
export async function givenThirdParty(fixture: CaseFixture, overrides: Record<string, unknown> = {}): Promise<ThirdPartyFixture> {
  const name = `Hughes ${uniqueDigits(6)} Solicitors`;
  const res = await api('third-party-team').post('/third-parties', {
    srNumber: await givenMaintenanceSr(fixture, 'Set Up New Third Party'),
    confirmation: letterheadConfirmation,
    organisation: {
      name,
      type: 'solicitor',
      addresses: [{ lines: ['12 Park Row', 'Leeds'], postcode: 'LS1 5HD', primary: true }],
      phone: '0113 496 0101',
      email: 'office@hughes.example.co.uk',
      preferredContactMethod: 'letter',
      ...overrides,
    },
    contacts: [{ title: 'Ms', firstName: 'Angharad', lastName: 'Hughes', phone: '0113 496 0102', email: 'a.hughes@hughes.example.co.uk' }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { trn: (res.body as { organisation: { trn: string } }).organisation.trn, etag: res.headers.get('etag') ?? '', name };
}

export interface LetterFixture {
  srNumber: string;
  correspondenceId: string;
  etag: string;
  body: Record<string, unknown> & { status: string; version: number };
}

/** An SR In Progress with a letter on it, generated and rendered (status Generated). */
export async function givenGeneratedLetter(
  fixture: CaseFixture,
  options: { templateId?: string; recipient?: Record<string, unknown>; compose?: Record<string, unknown>; by?: string } = {},
): Promise<LetterFixture> {
  const caseworker = api('caseworker', { username: options.by ?? 'cw-alice' });
  const sr = await givenServiceRequest(fixture, reissueCorrespondence, 'caseworker');
  const started = await caseworker.post(`/service-requests/${sr.srNumber}/status`, { status: 'In Progress' }, { 'if-match': sr.etag });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const created = await caseworker.post(`/service-requests/${sr.srNumber}/letters`, {
    templateId: options.templateId ?? 'CMSL5509',
    recipient: options.recipient ?? { type: 'client', scin: fixture.receivingParent },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = (created.body as { correspondenceId: string }).correspondenceId;
  const composed = await caseworker.patch(`/letters/${id}`, options.compose ?? { paragraphs: { TM_09149E: true }, freeText: { enclosedDocuments: 'Your letter of 3 October 2026.' } }, { 'if-match': created.headers.get('etag') ?? '' });
  expect(composed.status, JSON.stringify(composed.body)).toBe(200);
  const generated = await caseworker.post(`/letters/${id}/generate`, undefined, { 'if-match': composed.headers.get('etag') ?? '' });
  expect(generated.status, JSON.stringify(generated.body)).toBe(202);
  const rendered = await eventually(async () => (await caseworker.get(`/letters/${id}`)), (r) => (r.body as { status: string }).status !== 'Rendering');
  expect((rendered.body as { status: string }).status).toBe('Generated');
  return { srNumber: sr.srNumber, correspondenceId: id, etag: rendered.headers.get('etag') ?? '', body: rendered.body as LetterFixture['body'] };
}

/** A batch date of its own (in the future, so every letter ready now is before its cut-off). */
export const uniqueBatchDate = (): string => `20${randomInt(40, 99)}-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`;

/** After the 17:30 London cut-off of that date (17:31 UTC is after it in both GMT and BST). */
export const afterCutoff = (batchDate: string): Date => new Date(`${batchDate}T17:31:00Z`);
