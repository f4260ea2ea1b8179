import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { readDataMatrixModules } from '../support/datamatrix-image.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { afterEach, describe, expect, it } from 'vitest';
import { invokeHttp } from '../support/in-process.ts';
import { decodeIdentifyingCode, encodeIdentifyingCode } from '../../functions/letters/identifying-code.ts';
import { renderLetter } from '../../functions/letters/render-job.ts';
import { dynamo, queueUrl, sqs } from '../../functions/platform/aws-clients.ts';
import { table } from '../../functions/platform/dynamo.ts';
import { keys } from '../../functions/platform/keys.ts';
import { letterRenderQueue } from '../../functions/platform/resources.ts';
import { api, tokenFor, runSchedule, type ApiResponse } from '../support/api.ts';
import { eventually, givenCase, givenServiceRequest, givenThirdParty, reissueCorrespondence, uniqueDigits, type CaseFixture } from './fixtures.ts';

/**
 * Letters through the API on the local stack: composing, every generation refusal, references and
 * warnings, the representative cover letter, the PDF read back, the identifying code and returned
 * letters, who may see a letter, read-only after generation, and rendering that is idempotent and
 * fails cleanly.
 */

type Json = Record<string, unknown>;
type Reference = { label: string; value: string };
type Letter = {
  correspondenceId: string;
  srNumber: string;
  caseNumber: string;
  status: string;
  round: number;
  version: number;
  template: { id: string; version: number; name: string };
  recipient: Json;
  contactRef: string;
  composition: { paragraphs: Record<string, boolean>; freeText: Record<string, string>; enclosures: string[]; attachments: { kind: string; reference: string; description: string }[]; deliveryMethod: string };
  warnings: string[];
  generated?: {
    issueDate: string;
    issuingOffice: string;
    recipientName: string;
    addressBlock: string[];
    customCountry?: string;
    references: Reference[];
    title?: string;
    salutation: string;
    paragraphs: { text: string }[];
    enclosures: string[];
    specialRequirements: string[];
    identifyingCode: string;
  };
  pdfs: { key: string; sha256: string; bytes: number; variant: string }[];
  error?: { reason: string };
  relatedCorrespondenceId?: string;
  returns: { reason: string; reportedBy: string }[];
};
type Problem = Json & { detail: string; missingVariables?: string[]; rules?: string[]; errors?: { field: string; rule: string }[] };
type AuditEvent = { action: string; entity: { type: string; id: string }; caseNumber?: string; contactRef?: string };

const caseworker = api('caseworker', { username: 'cw-alice' });
const manager = api('case-manager');

const mocks: { restore: () => void }[] = [];
afterEach(() => {
  for (const m of mocks.splice(0)) m.restore();
});

const expectStatus = (res: ApiResponse, status: number) => expect(res.status, JSON.stringify(res.body)).toBe(status);
const etagOf = (res: ApiResponse): string => res.headers.get('etag') ?? '';

const expectProblem = (res: ApiResponse, status: number): Problem => {
  expectStatus(res, status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return res.body as Problem;
};

/** "Error in generation": 422 with the reason. */
const expectGenerationError = (res: ApiResponse): Problem => {
  const problem = expectProblem(res, 422);
  expect(problem.detail).toMatch(/^Error in generation: /);
  return problem;
};

/** Replaces a read-model record (client, case, employer) with some fields changed, as the case system would. */
async function amend(path: string, changes: Json): Promise<void> {
  const current = await manager.get(path);
  expectStatus(current, 200);
  const { version: _version, updatedAt: _updatedAt, ...record } = current.body as Json;
  expectStatus(await manager.put(path, { ...record, ...changes }, { 'if-match': etagOf(current) }), 200);
}

interface Draft {
  readonly letter: Letter;
  readonly etag: string;
}

async function createLetter(srNumber: string, templateId: string, recipient: Json): Promise<Draft> {
  const res = await caseworker.post(`/service-requests/${srNumber}/letters`, { templateId, recipient });
  expectStatus(res, 201);
  return { letter: res.body as Letter, etag: etagOf(res) };
}

async function composeLetter(draft: Draft, edit: Json): Promise<Draft> {
  const res = await caseworker.patch(`/letters/${draft.letter.correspondenceId}`, edit, { 'if-match': draft.etag });
  expectStatus(res, 200);
  return { letter: res.body as Letter, etag: etagOf(res) };
}

const generate = (draft: Draft): Promise<ApiResponse> => caseworker.post(`/letters/${draft.letter.correspondenceId}/generate`, undefined, { 'if-match': draft.etag });

async function generated(draft: Draft): Promise<Letter> {
  const res = await generate(draft);
  expectStatus(res, 202);
  return res.body as Letter;
}

const readLetter = async (id: string): Promise<Letter> => {
  const res = await caseworker.get(`/letters/${id}`);
  expectStatus(res, 200);
  return res.body as Letter;
};

/** Waits for the render consumer to store the PDF(s). */
async function rendered(id: string): Promise<Letter> {
  const letter = await eventually(() => readLetter(id), (l) => l.status !== 'Rendering');
  expect(letter.status, JSON.stringify(letter.error)).toBe('Generated');
  return letter;
}

const reissueSr = async (fixture: CaseFixture): Promise<string> => (await givenServiceRequest(fixture, reissueCorrespondence)).srNumber;

const toClient = (fixture: CaseFixture, scin = fixture.receivingParent) => ({ type: 'client', scin });
const enclosedDocuments = 'Your maintenance calculation letter of 3 October 2026.';
const cmsl5509ForClient = { paragraphs: { TM_09149E: true }, freeText: { enclosedDocuments } };

/** CMSL5509 to a client of the case, composed and ready to generate. */
async function cmsl5509Draft(fixture: CaseFixture, scin = fixture.receivingParent, srNumber?: string): Promise<Draft> {
  return composeLetter(await createLetter(srNumber ?? (await reissueSr(fixture)), 'CMSL5509', toClient(fixture, scin)), cmsl5509ForClient);
}

const referencesOf = (letter: Letter): Record<string, string> => Object.fromEntries((letter.generated?.references ?? []).map((r) => [r.label, r.value]));

async function caseLetters(caseNumber: string): Promise<Letter[]> {
  const res = await caseworker.get(`/cases/${caseNumber}/letters?limit=100`);
  expectStatus(res, 200);
  return (res.body as { items: Letter[] }).items;
}

async function auditOf(path: string): Promise<AuditEvent[]> {
  const res = await caseworker.get(`${path}?limit=100`);
  expectStatus(res, 200);
  return (res.body as { items: AuditEvent[] }).items;
}

/** The letter is on the case, in the case audit trail, and in its recipient's audit trail (created, or created automatically, and generated). */
async function expectRecorded(letter: Letter, contactRef: string): Promise<void> {
  expect((await caseLetters(letter.caseNumber)).map((l) => l.correspondenceId)).toContain(letter.correspondenceId);
  const trail = (await auditOf(`/contacts/${contactRef}/audit`)).filter((e) => e.entity.id === letter.correspondenceId);
  const actions = trail.map((e) => e.action);
  expect(actions).toContain('LetterGenerated');
  expect(actions.filter((a) => a === 'LetterCreated' || a === 'RepresentativeCoverLetterCreated')).toHaveLength(1);
  for (const e of trail) expect(e).toMatchObject({ caseNumber: letter.caseNumber, contactRef });
  const onCase = (await auditOf(`/cases/${letter.caseNumber}/audit`)).filter((e) => e.entity.id === letter.correspondenceId);
  expect(onCase.map((e) => e.action)).toContain('LetterGenerated');
}

async function download(id: string, variant: 'standard' | 'large-print' = 'standard', as = caseworker): Promise<Uint8Array> {
  const link = await as.get(`/letters/${id}/pdf?variant=${variant}`);
  expectStatus(link, 200);
  const { url, sha256, bytes } = link.body as { url: string; sha256: string; bytes: number };
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const pdf = new Uint8Array(await res.arrayBuffer());
  expect(pdf.byteLength).toBe(bytes);
  expect(createHash('sha256').update(pdf).digest('hex')).toBe(sha256);
  return pdf;
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

interface PdfText {
  readonly text: string;
  readonly lines: string[];
  /** Font size of each text item. */
  readonly sizes: Map<string, number>;
}

async function pdfText(pdf: Uint8Array): Promise<PdfText> {
  const doc = await getDocumentProxy(pdf.slice());
  const { text } = await extractText(doc, { mergePages: true });
  const lines: string[] = [];
  const sizes = new Map<string, number>();
  for (let n = 1; n <= doc.numPages; n++) {
    for (const item of (await (await doc.getPage(n)).getTextContent()).items) {
      if (!('str' in item) || item.str === '') continue;
      lines.push(item.str);
      sizes.set(item.str, Math.abs((item.transform as number[])[0]!));
    }
  }
  return { text: squash(text.replace(/Page \d+ of \d+/g, '')), lines, sizes };
}

/** The identifying code as drawn: the form XObject's runs of modules, read back with ZXing's DataMatrix reader. */
function drawnIdentifyingCode(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf).toString('latin1');
  const form = /\/Subtype \/Form \/BBox \[0 0 (\d+) (\d+)\][^]*?stream\n([^]*?)\nendstream/.exec(raw);
  if (!form) throw new Error('no identifying code drawn in the PDF');
  const size = Number(form[1]);
  const modules = new Uint8Array(size * size);
  for (const [, x, y, w] of form[3]!.matchAll(/(\d+) (\d+) (\d+) 1 re/g)) {
    const row = size - 1 - Number(y);
    for (let i = 0; i < Number(w); i++) modules[row * size + Number(x) + i] = 1;
  }
  return readDataMatrixModules(size, modules);
}

const londonToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** Generates in this process with SQS failing, so no render message is sent: the letter waits in Rendering. */
async function generateWithoutRenderMessage(draft: Draft): Promise<Letter> {
  const mock = mockClient(SQSClient);
  mocks.push(mock);
  mock.on(SendMessageCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }));
  const res = await invokeHttp('generateLetter', {
    pathParameters: { correspondenceId: draft.letter.correspondenceId },
    headers: { authorization: `Bearer ${await tokenFor('caseworker', { username: 'cw-alice' })}`, 'if-match': draft.etag },
  });
  expect(res.statusCode, res.body).toBe(202);
  expect(mock.commandCalls(SendMessageCommand)).toHaveLength(1);
  mock.restore();
  return JSON.parse(res.body ?? '{}') as Letter;
}

/** Waits until the render queue has nothing waiting or in flight, so a message sent before has been handled. */
async function renderQueueDrained(): Promise<void> {
  const attributes = async () =>
    (await sqs().send(new GetQueueAttributesCommand({ QueueUrl: queueUrl(letterRenderQueue), AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes ?? {};
  const drained = await eventually(attributes, (a) => a.ApproximateNumberOfMessages === '0' && a.ApproximateNumberOfMessagesNotVisible === '0');
  expect(drained).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
}

describe('composing a letter through the API', () => {
  it('refuses changes to read-only blocks, ids the template does not have, text over its limit, and a template for another audience', async () => {
    const fixture = await givenCase();
    const srNumber = await reissueSr(fixture);
    const draft = await createLetter(srNumber, 'CMSL5509', toClient(fixture));
    const patch = (edit: Json) => caseworker.patch(`/letters/${draft.letter.correspondenceId}`, edit, { 'if-match': draft.etag });

    expect(expectProblem(await patch({ freeText: { questions: 'Call us whenever you like.' } }), 422).detail).toContain('read-only');
    expectProblem(await patch({ paragraphs: { questions: false } }), 422);
    expect(expectProblem(await patch({ paragraphs: { TM_00000_X: true } }), 422).detail).toContain('TM_00000_X');
    expectProblem(await patch({ freeText: { nonsense: 'x' } }), 422);
    expect(expectProblem(await patch({ freeText: { enclosedDocuments: 'x'.repeat(2001) } }), 422).errors).toEqual([{ field: 'body.freeText.enclosedDocuments', rule: 'must be at most 2000 characters' }]);
    expectProblem(await patch({ slots: { TM_09417_E: { reason: 'x'.repeat(301) } } }), 422);
    expect(expectProblem(await patch({ deliveryMethod: 'internal-courier' }), 422).detail).toContain('internal courier');
    // None of the refusals changed the Draft.
    expect(await readLetter(draft.letter.correspondenceId)).toMatchObject({ version: draft.letter.version, composition: draft.letter.composition });

    const wrongAudience = await caseworker.post(`/service-requests/${srNumber}/letters`, { templateId: 'CMSL2040', recipient: toClient(fixture) });
    expect(expectProblem(wrongAudience, 422).detail).toContain('employer');
    expectProblem(await caseworker.post(`/service-requests/${srNumber}/letters`, { templateId: 'CMSL9999', recipient: toClient(fixture) }), 422);
  });

  it("cannot change a self-service client's delivery method, but can change anyone else's", async () => {
    const fixture = await givenCase();
    await amend(`/clients/${fixture.payingParent}`, { selfServiceUser: true });
    const srNumber = await reissueSr(fixture);
    const selfService = await createLetter(srNumber, 'CMSL5509', toClient(fixture, fixture.payingParent));
    const refused = await caseworker.patch(`/letters/${selfService.letter.correspondenceId}`, { deliveryMethod: 'recorded' }, { 'if-match': selfService.etag });
    expect(expectProblem(refused, 422).detail).toContain('self-service');

    const other = await createLetter(srNumber, 'CMSL5509', toClient(fixture));
    expect((await composeLetter(other, { deliveryMethod: 'recorded' })).letter.composition.deliveryMethod).toBe('recorded');
  });
});

describe('generation refusals, end to end', () => {
  it('refuses "Error in generation" for an address recorded as DLO, NFA or PWA, and leaves the letter a Draft', async () => {
    const fixture = await givenCase();
    const srNumber = await reissueSr(fixture);
    for (const type of ['dlo', 'nfa', 'pwa']) {
      await amend(`/clients/${fixture.receivingParent}`, { addresses: [{ type, lines: ['Address not known'] }] });
      const draft = await cmsl5509Draft(fixture, fixture.receivingParent, srNumber);
      const problem = expectGenerationError(await generate(draft));
      expect(problem.detail).toContain(type.toUpperCase());
      expect(await readLetter(draft.letter.correspondenceId)).toMatchObject({ status: 'Draft', version: draft.letter.version });
    }
  });

  it('refuses a letter to a deceased client with an executor, naming the executor; without one it goes "To The Executor Of"', async () => {
    const fixture = await givenCase();
    const executor = uniqueDigits(10);
    await amend(`/clients/${fixture.payingParent}`, { deceased: true, executorOrNextOfKin: { scin: executor, name: 'Mrs Sian Testcase' } });
    const withExecutor = expectGenerationError(await generate(await cmsl5509Draft(fixture, fixture.payingParent)));
    expect(withExecutor.detail).toContain('Mrs Sian Testcase');
    expect(withExecutor.detail).toContain(executor);

    await amend(`/clients/${fixture.payingParent}`, { deceased: true, executorOrNextOfKin: undefined });
    const letter = await generated(await cmsl5509Draft(fixture, fixture.payingParent));
    expect(letter.generated?.addressBlock).toEqual(['To The Executor Of Paul Testcase', '1 Test Street', 'Testtown', 'LS1 4AP']);
    expect(decodeIdentifyingCode(letter.generated!.identifyingCode).recipientName).toBe('To The Executor Of Paul Testcase');
  });

  it('generates to a BFPO address with Custom Country "Not Known"', async () => {
    const fixture = await givenCase();
    await amend(`/clients/${fixture.receivingParent}`, { addresses: [{ type: 'bfpo', lines: ['Unit 5', 'BFPO 123'], postcode: 'BF1 4FB' }] });
    const letter = await generated(await cmsl5509Draft(fixture));
    expect(letter.generated).toMatchObject({ customCountry: 'Not Known', addressBlock: ['Rhiannon Testcase', 'Unit 5', 'BFPO 123', 'BF1 4FB'] });
  });

  it('refuses an address with too few lines or without a real postcode', async () => {
    const fixture = await givenCase();
    const srNumber = await reissueSr(fixture);
    await amend(`/clients/${fixture.receivingParent}`, { addresses: [{ type: 'correspondence', lines: ['Testtown'] }] });
    expect(expectGenerationError(await generate(await cmsl5509Draft(fixture, fixture.receivingParent, srNumber))).detail).toContain('3 to 7 lines');
    await amend(`/clients/${fixture.receivingParent}`, { addresses: [{ type: 'correspondence', lines: ['1 Test Street', 'Testtown'], postcode: 'LS1 ZZZ' }] });
    expect(expectGenerationError(await generate(await cmsl5509Draft(fixture, fixture.receivingParent, srNumber))).detail).toContain('postcode');
  });

  it('refuses a closed case whose qualifying children have end dates, telling the caseworker to issue it clerically', async () => {
    const fixture = await givenCase();
    const draft = await cmsl5509Draft(fixture);
    await amend(`/cases/${fixture.caseNumber}`, { status: 'closed', qualifyingChildren: [{ firstName: 'Cerys', endDate: '2026-09-30' }] });
    expect(expectGenerationError(await generate(draft)).detail).toContain('clerically');
    await amend(`/cases/${fixture.caseNumber}`, { status: 'arrears-only' });
    expect(expectGenerationError(await generate(draft)).detail).toContain('clerically');
  });

  it('lists every missing variable, and refuses CMSL5509 with two of its paragraphs chosen', async () => {
    const fixture = await givenCase();
    const srNumber = await reissueSr(fixture);
    const empty = await createLetter(srNumber, 'CMSL5512', toClient(fixture));
    const missing = expectGenerationError(await generate(empty)).missingVariables ?? [];
    for (const field of ['enquiryDate', 'literatureTitles', 'literatureDescription']) expect(missing.some((m) => m.includes(field)), `${field} in ${missing.join('; ')}`).toBe(true);

    const two = await composeLetter(await createLetter(srNumber, 'CMSL5509', toClient(fixture)), {
      paragraphs: { TM_09149E: true, TM_09146_E: true },
      slots: { TM_09146_E: { originalRecipient: 'Rhiannon Testcase' } },
      freeText: { enclosedDocuments },
    });
    const problem = expectGenerationError(await generate(two));
    expect(problem.missingVariables).toEqual([]);
    expect(problem.rules).toEqual([expect.stringContaining('select one paragraph')]);
  });

  it('generates a letter on a case owned by a segment named as the case system names them (P5_G8_CCSER_000)', async () => {
    const fixture = await givenCase({ owningSegment: 'P5_G8_CCSER_000' });
    const res = await generate(await cmsl5509Draft(fixture));
    expectStatus(res, 202);
  });
});

describe('letters to each kind of recipient', () => {
  it('a letter to a client with an active representative warns, and creates a Draft CMSL5013 cover letter to the representative with the original attached', async () => {
    const fixture = await givenCase({ representative: true });
    const rep = fixture.representative!;
    expectStatus(
      await manager.put(`/clients/${rep}`, { scin: rep, title: 'Mr', firstName: 'Gareth', lastName: 'Jones', addresses: [{ type: 'correspondence', lines: ['Jones & Co Solicitors', '3 Law Lane', 'Leeds'], postcode: 'LS2 9JT' }] }),
      200,
    );
    const original = await generated(await cmsl5509Draft(fixture));
    expect(original.warnings).toEqual([expect.stringContaining('Active client representative: Jones & Co Solicitors')]);

    const covers = (await caseLetters(fixture.caseNumber)).filter((l) => l.template.id === 'CMSL5013');
    expect(covers).toHaveLength(1);
    const cover = covers[0]!;
    expect(cover).toMatchObject({ status: 'Draft', recipient: { type: 'representative', scin: rep }, relatedCorrespondenceId: original.correspondenceId, srNumber: original.srNumber });
    expect(cover.composition.attachments).toEqual([expect.objectContaining({ kind: 'correspondence', reference: original.correspondenceId })]);

    // The original cannot be generated again (it is read-only), so it never gets a second cover letter.
    const again = await caseworker.post(`/letters/${original.correspondenceId}/generate`, undefined, { 'if-match': `"${(await rendered(original.correspondenceId)).version}"` });
    expectProblem(again, 409);
    expect((await caseLetters(fixture.caseNumber)).filter((l) => l.template.id === 'CMSL5013')).toHaveLength(1);

    const coverRead = await caseworker.get(`/letters/${cover.correspondenceId}`);
    const coverLetter = await generated({ letter: coverRead.body as Letter, etag: etagOf(coverRead) });
    expect(coverLetter.generated?.addressBlock).toEqual(['Mr Gareth Jones', 'Jones & Co Solicitors', '3 Law Lane', 'Leeds', 'LS2 9JT']);
    expect(referencesOf(coverLetter)).toEqual({ 'Your reference (SCIN)': rep, 'Our reference': cover.correspondenceId });
    expect(coverLetter.generated?.paragraphs[0]?.text).toContain('Rhiannon Testcase');
    expect(coverLetter.warnings).toEqual([]);

    const text = await pdfText(await download((await rendered(cover.correspondenceId)).correspondenceId));
    expect(text.text).toContain(`Copy of CMSL5509 Important documents enclosed`);
    await expectRecorded(original, fixture.receivingParent);
    await expectRecorded(coverLetter, rep);
    expect((await auditOf(`/contacts/${rep}/audit`)).map((e) => e.action)).toContain('RepresentativeCoverLetterCreated');
  });

  it('an employer letter CMSL2040 carries the ERN; it goes to the payroll contact when there is one, otherwise to the employer; its mandatory form stays enclosed', async () => {
    const fixture = await givenCase();
    const srNumber = await reissueSr(fixture);
    const draft = await createLetter(srNumber, 'CMSL2040', { type: 'employer', ern: fixture.ern });
    expect(draft.letter.composition.enclosures).toEqual(['CMSF2041', 'CMSB2045']);
    const removeForm = await caseworker.patch(`/letters/${draft.letter.correspondenceId}`, { enclosures: ['CMSB2045'] }, { 'if-match': draft.etag });
    expect(expectProblem(removeForm, 422).detail).toContain('mandatory');
    const composed = await composeLetter(draft, { freeText: { deductionDetails: '£45.00 a week, starting with the pay day after 1 December 2026.' }, enclosures: ['CMSF2041'], deliveryMethod: 'internal-courier' });
    const letter = await generated(composed);
    expect(letter.generated?.addressBlock).toEqual(['Acme Widgets Ltd', 'Acme House', 'Leeds', 'LS2 8AA']);
    expect(referencesOf(letter)).toEqual({ 'Employer reference (ERN)': fixture.ern, 'Our reference': letter.correspondenceId });
    expect(letter.generated?.paragraphs[0]?.text).toContain('Paul Testcase');
    expect(letter.generated?.enclosures).toEqual(['Deduction from earnings order: schedule of payments (form)']);
    expect(decodeIdentifyingCode(letter.generated!.identifyingCode)).toMatchObject({ referenceType: 'ERN', referenceValue: fixture.ern, recipientName: 'Acme Widgets Ltd' });
    await expectRecorded(letter, fixture.ern);

    await amend(`/employers/${fixture.ern}`, { payrollContact: 'Mr Dai Price' });
    const toContact = await generated(await composeLetter(await createLetter(srNumber, 'CMSL2040', { type: 'employer', ern: fixture.ern }), { freeText: { deductionDetails: '£45.00 a week.' } }));
    expect(toContact.generated?.addressBlock).toEqual(['Mr Dai Price', 'Acme Widgets Ltd', 'Acme House', 'Leeds', 'LS2 8AA']);
    expect(toContact.generated?.salutation).toBe('Dear Mr Dai Price');
  });

  it('a third-party ad-hoc letter CMSL7001 to a named contact carries the TRN and the SR number; to the organisation it is Sir/Madam', async () => {
    const fixture = await givenCase();
    const tp = await givenThirdParty(fixture);
    const sr = await caseworker.post('/service-requests', {
      caseNumber: fixture.caseNumber,
      contact: { type: 'third-party', trn: tp.trn },
      process: 'Third Party',
      area: 'Outbound Correspondence',
      subArea: 'Send Ad-Hoc Correspondence',
      channel: 'letter',
      description: 'Reply to the solicitor about the calculation',
    });
    expectStatus(sr, 201);
    const srNumber = (sr.body as { srNumber: string }).srNumber;
    const edit = { freeText: { subject: 'Your client Rhiannon Testcase', body: 'Thank you for your letter of 20 November 2026. We have looked at the calculation again and it is correct.' } };

    const named = await generated(await composeLetter(await createLetter(srNumber, 'CMSL7001', { type: 'third-party', trn: tp.trn, contactId: 'C01' }), edit));
    expect(named.generated).toMatchObject({ addressBlock: ['Ms Angharad Hughes', tp.name, '12 Park Row', 'Leeds', 'LS1 5HD'], salutation: 'Dear Ms Hughes', title: 'Your client Rhiannon Testcase' });
    expect(named.generated?.references.map((r) => r.value)).toEqual([tp.trn, srNumber, named.correspondenceId]);
    expect(named.generated?.paragraphs.map((p) => p.text)).toContain(`Please quote our reference ${tp.trn} and SR number ${srNumber} in any reply.`);
    expect(decodeIdentifyingCode(named.generated!.identifyingCode)).toMatchObject({ referenceType: 'TRN', referenceValue: tp.trn, recipientName: 'Ms Angharad Hughes' });
    await expectRecorded(named, tp.trn);

    const text = await pdfText(await download((await rendered(named.correspondenceId)).correspondenceId));
    for (const value of [tp.trn, srNumber, named.correspondenceId, 'Ms Angharad Hughes', tp.name, 'Dear Ms Hughes']) expect(text.lines).toContain(value);

    const organisation = await generated(await composeLetter(await createLetter(srNumber, 'CMSL7001', { type: 'third-party', trn: tp.trn }), edit));
    expect(organisation.generated).toMatchObject({ addressBlock: [tp.name, '12 Park Row', 'Leeds', 'LS1 5HD'], salutation: 'Dear Sir/Madam' });
    await expectRecorded(organisation, tp.trn);
  });

  it('a recipient who needs large print gets a standard and a large-print PDF, with warnings for the special requirement and suppression', async () => {
    const fixture = await givenCase();
    await amend(`/clients/${fixture.receivingParent}`, { specialRequirements: ['large-print'], correspondenceSuppressed: true });
    const letter = await generated(await cmsl5509Draft(fixture));
    expect(letter.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/large print/i), expect.stringMatching(/suppressed/i)]));
    expect(letter.warnings).toHaveLength(2);
    expect(letter.generated?.specialRequirements).toEqual(['large-print']);

    const done = await rendered(letter.correspondenceId);
    expect(done.pdfs.map((p) => p.variant).sort()).toEqual(['large-print', 'standard']);
    expect(new Set(done.pdfs.map((p) => p.key)).size).toBe(2);
    const standard = await pdfText(await download(letter.correspondenceId, 'standard'));
    const large = await pdfText(await download(letter.correspondenceId, 'large-print'));
    for (const text of [standard, large]) {
      expect(text.text).toContain(squash(enclosedDocuments));
      expect(text.lines).toContain(fixture.receivingParent);
    }
    // The body is in large type (the address block stays small enough for the envelope window).
    for (const line of [letter.generated!.salutation, 'Important documents enclosed']) expect(large.sizes.get(line)!, line).toBeGreaterThan(standard.sizes.get(line)! * 1.3);
  });
});

describe('the PDF and its identifying code', () => {
  it('reads back with the address block, references and paragraphs; the identifying code it carries decodes to the letter', async () => {
    const fixture = await givenCase();
    const letter = await rendered((await generated(await cmsl5509Draft(fixture))).correspondenceId);
    const pdf = await download(letter.correspondenceId);
    const text = await pdfText(pdf);
    for (const line of ['Rhiannon Testcase', '1 Test Street', 'Testtown', 'LS1 4AP']) expect(text.lines).toContain(line);
    for (const value of [fixture.receivingParent, letter.correspondenceId]) expect(text.lines).toContain(value);
    expect(text.text).toMatch(new RegExp(`Your reference \\(SCIN\\)\\s+${fixture.receivingParent}`));
    expect(text.text).toMatch(new RegExp(`Our reference\\s+${letter.correspondenceId}`));
    for (const p of ['As requested, we enclose a copy of a letter previously sent to you:', enclosedDocuments]) expect(text.text).toContain(p);
    expect(text.text).toContain('Important documents enclosed');

    const expected = { recipientName: 'Rhiannon Testcase', referenceType: 'SCIN', referenceValue: fixture.receivingParent, issueDate: londonToday(), issuingOffice: 'SEG-MAINTENANCE-01', correspondenceId: letter.correspondenceId };
    const { info } = await getMeta(await getDocumentProxy(pdf.slice()));
    expect(decodeIdentifyingCode(info.Subject as string)).toEqual(expected);
    const drawn = drawnIdentifyingCode(pdf);
    expect(drawn).toBe(letter.generated?.identifyingCode);
    expect(decodeIdentifyingCode(drawn)).toEqual(expected);
  });

  it('a returned letter is recorded from its identifying code, on the letter and in the case audit trail; a tampered code is refused', async () => {
    const fixture = await givenCase();
    const letter = await rendered((await generated(await cmsl5509Draft(fixture))).correspondenceId);
    const payload = drawnIdentifyingCode(await download(letter.correspondenceId));

    const tampered = payload.replace('Rhiannon', 'Rhiannan');
    expect(tampered).not.toBe(payload);
    const tamperedRes = await caseworker.post('/returned-letters', { identifyingCode: tampered });
    expect(tamperedRes.status, JSON.stringify(tamperedRes.body)).toBeGreaterThanOrEqual(400);
    expect(tamperedRes.status).toBeLessThan(500);
    // Well formed, with a good check value, but not what was printed on this letter.
    const forged = encodeIdentifyingCode({ ...decodeIdentifyingCode(payload), recipientName: 'Someone Else' });
    expectProblem(await caseworker.post('/returned-letters', { identifyingCode: forged }), 422);
    const unknown = encodeIdentifyingCode({ ...decodeIdentifyingCode(payload), correspondenceId: 'L-00000000' });
    expectProblem(await caseworker.post('/returned-letters', { identifyingCode: unknown }), 404);
    expect((await readLetter(letter.correspondenceId)).returns).toEqual([]);

    const res = await caseworker.post('/returned-letters', { identifyingCode: payload, reason: 'Addressee gone away' });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ correspondenceId: letter.correspondenceId, caseNumber: fixture.caseNumber, srNumber: letter.srNumber, recipient: { type: 'client', scin: fixture.receivingParent }, returns: 1 });
    expect((await readLetter(letter.correspondenceId)).returns).toEqual([expect.objectContaining({ reason: 'Addressee gone away', reportedBy: 'cw-alice' })]);
    const returned = (await auditOf(`/cases/${fixture.caseNumber}/audit`)).filter((e) => e.action === 'LetterReturned');
    expect(returned).toEqual([expect.objectContaining({ entity: { type: 'Letter', id: letter.correspondenceId }, contactRef: fixture.receivingParent })]);
  });
});

describe('who may see a letter', () => {
  it("a client sees neither a Draft nor a Generated letter, nor another client's letter; once sent, they see their own", async () => {
    const fixture = await givenCase();
    const receiving = api('client', { scin: fixture.receivingParent });
    const paying = api('client', { scin: fixture.payingParent });
    const draft = await cmsl5509Draft(fixture);
    const id = draft.letter.correspondenceId;
    expectProblem(await receiving.get(`/letters/${id}`), 404);
    await rendered((await generated(draft)).correspondenceId);
    expectProblem(await receiving.get(`/letters/${id}`), 404);
    expectProblem(await receiving.get(`/letters/${id}/pdf`), 404);
    expect(((await receiving.get(`/clients/${fixture.receivingParent}/letters`)).body as { items: Letter[] }).items).toEqual([]);

    // The approval and fulfilment workflow is another issue: mark the letter sent as it will.
    await dynamo().send(new UpdateCommand({ TableName: table(), Key: keys.letter(id), UpdateExpression: 'SET #status = :sent', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':sent': 'Sent to Fulfilment House' } }));
    expectStatus(await receiving.get(`/letters/${id}`), 200);
    expect(Buffer.from(await download(id, 'standard', receiving)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(((await receiving.get(`/clients/${fixture.receivingParent}/letters`)).body as { items: Letter[] }).items.map((l) => l.correspondenceId)).toEqual([id]);

    expectProblem(await paying.get(`/letters/${id}`), 404);
    expectProblem(await paying.get(`/letters/${id}/pdf`), 404);
    const othersList = await paying.get(`/clients/${fixture.receivingParent}/letters`);
    expect([403, 404]).toContain(othersList.status);
  });
});

describe('read-only after generation, and concurrent edits', () => {
  it('refuses every edit and a second generation once generated, with 409', async () => {
    const fixture = await givenCase();
    const letter = await rendered((await generated(await cmsl5509Draft(fixture))).correspondenceId);
    const etag = `"${letter.version}"`;
    for (const edit of [{ freeText: { enclosedDocuments: 'changed' } }, { paragraphs: { TM_09149E: false } }, { deliveryMethod: 'recorded' }, { attachments: [] }]) {
      expect(expectProblem(await caseworker.patch(`/letters/${letter.correspondenceId}`, edit, { 'if-match': etag }), 409).detail).toContain('read-only');
    }
    expectProblem(await caseworker.post(`/letters/${letter.correspondenceId}/generate`, undefined, { 'if-match': etag }), 409);
    const after = await readLetter(letter.correspondenceId);
    expect(after).toMatchObject({ version: letter.version, status: 'Generated', composition: letter.composition, generated: letter.generated });
  });

  it('two edits from the same ETag: one is saved, the other gets 409 and changes nothing', async () => {
    const fixture = await givenCase();
    const draft = await createLetter(await reissueSr(fixture), 'CMSL5509', toClient(fixture));
    const [a, b] = await Promise.all([
      caseworker.patch(`/letters/${draft.letter.correspondenceId}`, { freeText: { enclosedDocuments: 'First edit' } }, { 'if-match': draft.etag }),
      caseworker.patch(`/letters/${draft.letter.correspondenceId}`, { freeText: { enclosedDocuments: 'Second edit' } }, { 'if-match': draft.etag }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = (a.status === 200 ? a : b).body as Letter;
    const now = await readLetter(draft.letter.correspondenceId);
    expect(now.version).toBe(draft.letter.version + 1);
    expect(now.composition.freeText.enclosedDocuments).toBe(winner.composition.freeText.enclosedDocuments);
  });
});

describe('rendering', () => {
  it('is idempotent: a lost message is re-sent by the sweep, and re-sending or redelivering it leaves one PDF with the same SHA-256 and the letter unchanged', async () => {
    const fixture = await givenCase();
    const waiting = await generateWithoutRenderMessage(await cmsl5509Draft(fixture));
    expect(waiting.status).toBe('Rendering');

    const swept = (await runSchedule('requeueStuckRenders', { staleAfterSeconds: 0 })) as { requeued: number };
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    const first = await rendered(waiting.correspondenceId);
    expect(first.pdfs).toHaveLength(1);
    const sha = first.pdfs[0]!.sha256;

    await runSchedule('requeueStuckRenders', { staleAfterSeconds: 0 });
    const message = JSON.stringify({ correspondenceId: first.correspondenceId, round: 1 });
    for (let i = 0; i < 2; i++) await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl(letterRenderQueue), MessageBody: message }));
    await renderQueueDrained();
    // And a redelivery handled right here.
    expect(await renderLetter(first.correspondenceId, 1, { receiveCount: 2, maxReceiveCount: 3 }, new Date())).toBe('skipped');

    const after = await readLetter(first.correspondenceId);
    expect(after.version).toBe(first.version);
    expect(after.pdfs).toEqual(first.pdfs);
    const pdf = await download(first.correspondenceId);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(sha);
  });

  it('a render that still fails on the last attempt leaves the letter Error In Generation with the reason', async () => {
    const fixture = await givenCase();
    const waiting = await generateWithoutRenderMessage(await cmsl5509Draft(fixture));
    const s3 = mockClient(S3Client);
    mocks.push(s3);
    s3.on(HeadObjectCommand).rejects(Object.assign(new Error('Not Found'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }));
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }));

    // An earlier attempt fails and is left for SQS to retry.
    await expect(renderLetter(waiting.correspondenceId, waiting.round, { receiveCount: 1, maxReceiveCount: 3 }, new Date())).rejects.toThrow();
    expect((await readLetter(waiting.correspondenceId)).status).toBe('Rendering');
    // The last attempt fails: the message goes to the DLQ and the letter says why.
    await expect(renderLetter(waiting.correspondenceId, waiting.round, { receiveCount: 3, maxReceiveCount: 3 }, new Date())).rejects.toThrow();
    expect(s3.commandCalls(PutObjectCommand).length).toBeGreaterThanOrEqual(2);
    s3.restore();

    const failed = await readLetter(waiting.correspondenceId);
    expect(failed.status).toBe('Error In Generation');
    expect(failed.error?.reason).toMatch(/could not be produced/);
    expect(failed.pdfs).toEqual([]);
    expectProblem(await caseworker.get(`/letters/${waiting.correspondenceId}/pdf`), 404);
  });
});
