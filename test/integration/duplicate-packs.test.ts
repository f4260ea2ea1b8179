import { createHash, randomInt } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { runPrintBatch } from '../../functions/letters/print-batch.ts';
import { s3 } from '../../functions/platform/aws-clients.ts';
import { stackEnv } from '../support/in-process.ts';
import { api, type ApiClient, type ApiResponse } from '../support/api.ts';
import { mailTo } from './email-flows.ts';
import { afterCutoff, eventually, generalEnquiry, givenCase, givenGeneratedLetter, givenServiceRequest, givenThirdParty, type CaseFixture, type LetterFixture } from './fixtures.ts';
import { cmsl2040, cmsl5512, selfApproved } from './letter-flows.ts';

/**
 * Duplicate packs (the send copy procedure) beyond the portal journey in duplicates.test.ts: requests
 * taken by staff, the cover paragraph for each kind of recipient, which letters may be attached, team
 * leader rejection, local print through the CSA Print and Post Letters inbox, the CMSL2040 employer rule,
 * cancellation, the Fulfilment House's report, CMSL5512 enclosures, and the audit trail.
 */

type Pdf = { sha256: string; variant: string };
type Letter = {
  correspondenceId: string;
  status: string;
  version: number;
  srNumber: string;
  caseNumber: string;
  contactRef: string;
  recipient: Record<string, string>;
  duplicateOf?: string;
  duplicates?: string[];
  packCoverId?: string;
  pack?: { requestSrNumber: string; reason: string; requestedBy: string; originals: { correspondenceId: string; sha256: string }[]; copies?: string[] };
  pdfs: Pdf[];
  composition: { attachments: { kind: string; reference: string }[]; enclosures: string[]; paragraphs: Record<string, boolean> };
  generated?: { paragraphs: { text: string }[]; enclosures: string[] };
  fulfilment?: { printInboxAt?: string; method?: string; batchId?: string };
  returnedToCaseworker?: { reason: string };
};
type Request = { srNumber: string; state: string; version: number; channel: string; requester: Record<string, string>; coverLetterId?: string; sentAt?: string };
type Problem = { detail: string; errors?: { field: string; rule: string }[] };
type Sr = { status: string; subStatus?: string; process: string; area: string; subArea: string; channel: string; contact?: Record<string, string>; assignedTo?: { kind: string; id: string } };
type AuditEvent = { action: string; actor: { id: string }; entity: { type: string; id: string }; caseNumber?: string; contactRef?: string };
type ManifestEntry = {
  correspondenceId: string;
  enclosures: string[];
  enclosed: { id: string; version: number; title: string; description: string }[];
  files: { correspondenceId?: string; document?: string; sha256: string }[];
};

const caseworker = api('caseworker', { username: 'cw-alice' });
const bob = api('caseworker', { username: 'cw-bob' });
const tl = api('team-leader', { username: 'tl-tomos' });
const manager = api('case-manager', { username: 'cm-carys' });
const printInbox = 'csa-print-and-post-letters@dwp.gsi.gov.uk';

const etagOf = (res: { headers: Headers }) => res.headers.get('etag') ?? '';
const show = (res: ApiResponse) => JSON.stringify(res.body);
const readLetter = async (id: string) => (await caseworker.get(`/letters/${id}`)).body as Letter;
const readRequest = async (srNumber: string) => (await caseworker.get(`/duplicate-requests/${srNumber}`)).body as Request;

/** The bytes of a letter's PDF, fetched through the API's short-lived link. */
async function pdfBytes(id: string, as = caseworker): Promise<Buffer> {
  const link = (await as.get(`/letters/${id}/pdf`)).body as { url: string };
  return Buffer.from(await (await fetch(link.url)).arrayBuffer());
}
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const standardSha = (letter: Letter) => letter.pdfs.find((p) => p.variant === 'standard')!.sha256;

async function manifest(batchId: string) {
  const object = await s3().send(new GetObjectCommand({ Bucket: stackEnv.LETTERS_BUCKET, Key: `print-batches/${batchId}/manifest.json` }));
  return JSON.parse(await object.Body!.transformToString()) as { letters: ManifestEntry[] };
}

/**
 * Batch dates of this file's own: a year no other test file uses (they draw 2040-2098), and a new day
 * each time, so a batch here never finds one already complete.
 */
const batchYear = 2100 + randomInt(0, 800);
let batches = 0;
function nextBatchDate(): string {
  const n = batches++;
  return `${batchYear}-${String((n % 12) + 1).padStart(2, '0')}-${String(Math.floor(n / 12) + 1).padStart(2, '0')}`;
}
async function printBatch(): Promise<string> {
  const batchId = nextBatchDate();
  const batch = await runPrintBatch({ batchDate: batchId }, afterCutoff(batchId));
  expect(batch).toMatchObject({ status: 'complete' });
  return batchId;
}

/** A letter generated, self-approved by a case manager and picked up by a print batch: issued to its recipient. */
async function givenIssued(fixture: CaseFixture, options: Parameters<typeof givenGeneratedLetter>[1] = {}): Promise<LetterFixture> {
  const approved = await selfApproved(await givenGeneratedLetter(fixture, options));
  expect(approved.body.status).toBe('Ready for Fulfilment');
  await printBatch();
  const sent = await caseworker.get(`/letters/${approved.correspondenceId}`);
  expect((sent.body as Letter).status).toBe('Sent to Fulfilment House');
  return { ...approved, etag: etagOf(sent), body: sent.body as LetterFixture['body'] };
}

/** The receiving parent's representative, with a client record and address of their own (as email-flows.ts makes it). */
async function givenRepresentedCase(): Promise<CaseFixture & { representative: string }> {
  const fixture = await givenCase({ representative: true });
  const rep = await api('case-manager').put(`/clients/${fixture.representative}`, {
    scin: fixture.representative,
    firstName: 'Gareth',
    lastName: 'Jones',
    title: 'Mr',
    addresses: [{ type: 'correspondence', lines: ['Jones & Co Solicitors', '3 Park Square', 'Leeds'], postcode: 'LS1 2NE' }],
  });
  expect(rep.status, show(rep)).toBe(200);
  return { ...fixture, representative: fixture.representative! };
}

type Requester = { type: 'client' | 'representative'; scin: string } | { type: 'employer'; ern: string } | { type: 'third-party'; trn: string };

/** A request taken by staff (phone, letter, email or fax) for the person who asked. */
async function staffRequest(letters: string[], requester: Requester, channel: 'phone' | 'letter' | 'email' | 'fax', reason = 'The original was lost in the post', as: ApiClient = caseworker): Promise<Request> {
  const res = await as.post('/duplicate-requests', { letters, reason, requester, channel });
  expect(res.status, show(res)).toBe(201);
  return res.body as Request;
}

async function accept(srNumber: string, as: ApiClient = caseworker): Promise<ApiResponse> {
  const request = await caseworker.get(`/duplicate-requests/${srNumber}`);
  return as.post(`/duplicate-requests/${srNumber}/accept`, undefined, { 'if-match': etagOf(request) });
}

const toClient = (f: CaseFixture) => ({ type: 'client', scin: f.receivingParent }) as const;
const attaching = (ids: readonly string[]) => ids.map((id) => ({ kind: 'correspondence', reference: id, description: `Copy of ${id}` }));
const clientCover = (ids: readonly string[]) => ({ paragraphs: { TM_09149E: true }, freeText: { enclosedDocuments: 'Copies of the letters you asked for' }, attachments: attaching(ids) });

/** The CMSL5509 cover letter on the request's SR, created and composed. */
async function givenCover(srNumber: string, recipient: Record<string, string>, compose: Record<string, unknown>, as: ApiClient = caseworker): Promise<ApiResponse<Letter>> {
  const created = await as.post(`/service-requests/${srNumber}/letters`, { templateId: 'CMSL5509', recipient });
  expect(created.status, show(created)).toBe(201);
  const composed = await as.patch(`/letters/${(created.body as Letter).correspondenceId}`, compose, { 'if-match': etagOf(created) });
  expect(composed.status, show(composed)).toBe(200);
  return composed as ApiResponse<Letter>;
}

/** Generates and waits for the PDF: Generated. */
async function generated(id: string, etag: string, as: ApiClient = caseworker): Promise<ApiResponse<Letter>> {
  const res = await as.post(`/letters/${id}/generate`, undefined, { 'if-match': etag });
  expect(res.status, show(res)).toBe(202);
  const rendered = await eventually(() => caseworker.get(`/letters/${id}`), (r) => (r.body as Letter).status !== 'Rendering');
  expect((rendered.body as Letter).status).toBe('Generated');
  return rendered as ApiResponse<Letter>;
}

async function submittedForApproval(id: string, etag: string): Promise<ApiResponse<Letter>> {
  const res = await caseworker.post(`/letters/${id}/submit-for-approval`, undefined, { 'if-match': etag });
  expect(res.status, show(res)).toBe(200);
  return res as ApiResponse<Letter>;
}

async function approvedByTl(id: string, etag: string): Promise<ApiResponse<Letter>> {
  const res = await tl.post(`/letters/${id}/approve`, {}, { 'if-match': etag });
  expect(res.status, show(res)).toBe(200);
  return res as ApiResponse<Letter>;
}

/** A client's request for copies of `originals`, accepted, its cover letter generated, submitted and approved by a team leader. */
async function givenApprovedClientPack(fixture: CaseFixture, originals: readonly LetterFixture[], reason = 'Lost in a house move') {
  const request = await staffRequest(originals.map((o) => o.correspondenceId), toClient(fixture), 'phone', reason);
  const accepted = await accept(request.srNumber);
  expect(accepted.status, show(accepted)).toBe(200);
  const cover = await givenCover(request.srNumber, toClient(fixture), clientCover(originals.map((o) => o.correspondenceId)));
  const coverId = cover.body.correspondenceId;
  const done = await generated(coverId, etagOf(cover));
  const approved = await approvedByTl(coverId, etagOf(await submittedForApproval(coverId, etagOf(done))));
  expect(approved.body.status).toBe('Ready for Fulfilment');
  const copies = approved.body.pack!.copies!;
  expect(copies).toHaveLength(originals.length);
  return { srNumber: request.srNumber, coverId, copies, etag: etagOf(approved) };
}

/** Every page of an audit trail. */
async function auditTrail(path: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const res = await manager.get(`${path}?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, show(res)).toBe(200);
    const page = res.body as { items: AuditEvent[]; nextCursor?: string };
    events.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return events;
}

describe('duplicate requests taken by staff', () => {
  it('by phone: the channel and the requester are recorded, and the SR goes straight to the owning segment when the case has no owning caseworker', async () => {
    const fixture = await givenCase({ owningCaseworker: null, owningSegment: 'SEG-DUP-PHONE' });
    const original = await givenIssued(fixture);

    const noChannel = await caseworker.post('/duplicate-requests', { letters: [original.correspondenceId], reason: 'Lost in the post', requester: toClient(fixture) });
    expect(noChannel.status).toBe(400);
    expect((noChannel.body as Problem).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'body.channel' })]));
    const notTheirs = await caseworker.post('/duplicate-requests', { letters: [original.correspondenceId], reason: 'Lost in the post', requester: { type: 'client', scin: fixture.payingParent }, channel: 'phone' });
    expect(notTheirs.status).toBe(422);
    expect((notTheirs.body as Problem).errors).toEqual([expect.objectContaining({ field: 'body.letters.0', rule: 'was not sent to the requester' })]);

    const request = await staffRequest([original.correspondenceId], toClient(fixture), 'phone', 'Caller says the letter never arrived');
    expect(request).toMatchObject({
      state: 'received',
      channel: 'phone',
      requester: { type: 'client', scin: fixture.receivingParent },
      caseNumber: fixture.caseNumber,
      createdBy: 'cw-alice',
      reason: 'Caller says the letter never arrived',
      letters: [{ correspondenceId: original.correspondenceId, templateId: 'CMSL5509' }],
    });

    const sr = (await caseworker.get(`/service-requests/${request.srNumber}`)).body as Sr;
    expect(sr).toMatchObject({ process: 'Outbound Contact', area: 'Reissue Correspondence', subArea: 'Reissue Correspondence', channel: 'phone', contact: { type: 'client', scin: fixture.receivingParent } });
    expect(sr).toMatchObject({ status: 'Open', subStatus: 'Assigned' });
    expect(sr.assignedTo).toMatchObject({ kind: 'segment', id: 'SEG-DUP-PHONE' });

    const onCase = (await caseworker.get(`/cases/${fixture.caseNumber}/duplicate-requests`)).body as { items: Request[] };
    expect(onCase.items.map((r) => [r.srNumber, r.channel])).toEqual([[request.srNumber, 'phone']]);
    // The client follows it in the portal too, as received.
    const portal = await api('client', { scin: fixture.receivingParent }).get(`/duplicate-requests/${request.srNumber}`);
    expect(portal.status).toBe(200);
    expect(portal.body).toMatchObject({ state: 'received', reason: 'Caller says the letter never arrived' });
  });
});

describe('the CMSL5509 cover paragraph matches the recipient', () => {
  it('to a representative: TM_09146_E naming the original recipient; the client paragraph, or the representative paragraph with no name, is refused at generation', async () => {
    const fixture = await givenRepresentedCase();
    const rep = { type: 'representative', scin: fixture.representative } as const;
    const original = await givenIssued(fixture, { ...cmsl5512, recipient: rep });
    const request = await staffRequest([original.correspondenceId], rep, 'email', 'The solicitor asks for a copy for their file');
    expect((await accept(request.srNumber)).status).toBe(200);

    const cover = await givenCover(request.srNumber, rep, { paragraphs: { TM_09149E: true }, freeText: { enclosedDocuments: 'A copy of our letter' }, attachments: attaching([original.correspondenceId]) });
    const coverId = cover.body.correspondenceId;
    const clientParagraph = await caseworker.post(`/letters/${coverId}/generate`, undefined, { 'if-match': etagOf(cover) });
    expect(clientParagraph.status).toBe(422);
    expect((clientParagraph.body as Problem).detail).toContain('TM_09146_E');
    expect((await readLetter(coverId)).status).toBe('Draft');

    const unnamed = await caseworker.patch(`/letters/${coverId}`, { paragraphs: { TM_09149E: false, TM_09146_E: true } }, { 'if-match': etagOf(cover) });
    expect(unnamed.status, show(unnamed)).toBe(200);
    const noName = await caseworker.post(`/letters/${coverId}/generate`, undefined, { 'if-match': etagOf(unnamed) });
    expect(noName.status).toBe(422);
    expect((noName.body as Problem).detail).toContain('Original recipient');

    const named = await caseworker.patch(`/letters/${coverId}`, { slots: { TM_09146_E: { originalRecipient: 'Rhiannon Testcase' } } }, { 'if-match': etagOf(unnamed) });
    expect(named.status, show(named)).toBe(200);
    const done = (await generated(coverId, etagOf(named))).body;
    expect(done.generated!.paragraphs.map((p) => p.text)).toContain('The enclosed document(s) relates to the child maintenance case of Rhiannon Testcase, for whom you act as representative.');
    expect(done.generated!.paragraphs.map((p) => p.text).join(' ')).not.toContain('As requested, we enclose a copy of a letter previously sent to you');
    expect(done.pack).toMatchObject({ requestSrNumber: request.srNumber, requestedBy: fixture.representative, originals: [{ correspondenceId: original.correspondenceId }] });
  });

  it('to a third party: TM_09417_E naming the original recipient and the SR; the client paragraph is refused; the copy goes to the third party', async () => {
    const fixture = await givenCase({ owningSegment: 'SEG-DUP-TP' });
    const thirdParty = await givenThirdParty(fixture);
    const to = { type: 'third-party', trn: thirdParty.trn } as const;
    const original = await givenIssued(fixture, { ...cmsl5512, recipient: to });
    const request = await staffRequest([original.correspondenceId], to, 'fax', 'Their copy was lost in an office move');
    expect((await accept(request.srNumber)).status).toBe(200);

    const cover = await givenCover(request.srNumber, to, { paragraphs: { TM_09149E: true }, freeText: { enclosedDocuments: 'A copy of our letter' }, attachments: attaching([original.correspondenceId]) });
    const coverId = cover.body.correspondenceId;
    const clientParagraph = await caseworker.post(`/letters/${coverId}/generate`, undefined, { 'if-match': etagOf(cover) });
    expect(clientParagraph.status).toBe(422);
    expect((clientParagraph.body as Problem).detail).toContain('TM_09417_E');

    const composed = await caseworker.patch(
      `/letters/${coverId}`,
      { paragraphs: { TM_09149E: false, TM_09417_E: true }, slots: { TM_09417_E: { originalRecipient: 'Rhiannon Testcase', reason: `${request.srNumber}, a copy asked for by fax` } } },
      { 'if-match': etagOf(cover) },
    );
    expect(composed.status, show(composed)).toBe(200);
    const done = await generated(coverId, etagOf(composed));
    expect(done.body.generated!.paragraphs.map((p) => p.text)).toContain(`The attached document(s) relates to the child maintenance case of Rhiannon Testcase. This is in relation to ${request.srNumber}, a copy asked for by fax.`);

    const approved = await approvedByTl(coverId, etagOf(await submittedForApproval(coverId, etagOf(done))));
    const copy = await readLetter(approved.body.pack!.copies![0]!);
    expect(copy).toMatchObject({ duplicateOf: original.correspondenceId, packCoverId: coverId, contactRef: thirdParty.trn, recipient: { type: 'third-party', trn: thirdParty.trn } });
    expect(sha256(await pdfBytes(copy.correspondenceId))).toBe(standardSha(await readLetter(original.correspondenceId)));
    // The copy is on the third party's own trail.
    const trail = await auditTrail(`/contacts/${thirdParty.trn}/audit`);
    expect(trail).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'DuplicateCopyMade', entity: { type: 'Letter', id: copy.correspondenceId } }), expect.objectContaining({ action: 'DuplicatesRequested', entity: { type: 'DuplicateRequest', id: request.srNumber } })]));
  });
});

describe('the letters attached to a cover letter', () => {
  it('must be issued letters of the case: one not yet issued, one on another case, or a duplicate itself is refused', async () => {
    const fixture = await givenCase({ owningSegment: 'SEG-DUP-ATT' });
    const other = await givenCase();
    const original = await givenIssued(fixture);
    const elsewhere = await givenIssued(other);
    const notIssued = await givenGeneratedLetter(fixture);
    const { copies } = await givenApprovedClientPack(fixture, [original]);
    const copyId = copies[0]!;

    const request = await staffRequest([original.correspondenceId], toClient(fixture), 'letter', 'The copy we sent was damaged in the post');
    expect((await accept(request.srNumber)).status).toBe(200);
    const created = await caseworker.post(`/service-requests/${request.srNumber}/letters`, { templateId: 'CMSL5509', recipient: toClient(fixture) });
    expect(created.status, show(created)).toBe(201);
    const coverId = (created.body as Letter).correspondenceId;
    const attach = (ids: string[]) => caseworker.patch(`/letters/${coverId}`, clientCover(ids), { 'if-match': etagOf(created) });

    const draft = await attach([notIssued.correspondenceId]);
    expect(draft.status).toBe(422);
    expect((draft.body as Problem).errors).toEqual([{ field: 'body.attachments.0.reference', rule: expect.stringContaining(`${notIssued.correspondenceId} is Generated: only issued letters`) }]);

    const otherCase = await attach([original.correspondenceId, elsewhere.correspondenceId]);
    expect(otherCase.status).toBe(422);
    expect((otherCase.body as Problem).errors).toEqual([{ field: 'body.attachments.1.reference', rule: `${elsewhere.correspondenceId} is not a letter on case ${fixture.caseNumber}` }]);

    const duplicate = await attach([copyId]);
    expect(duplicate.status).toBe(422);
    expect((duplicate.body as Problem).errors).toEqual([{ field: 'body.attachments.0.reference', rule: `${copyId} is itself a duplicate: attach its original ${original.correspondenceId}` }]);

    // Nothing refused was kept; the original itself can be attached.
    expect((await readLetter(coverId)).composition.attachments).toEqual([]);
    const ok = await attach([original.correspondenceId]);
    expect(ok.status, show(ok)).toBe(200);
    expect((ok.body as Letter).composition.attachments.map((a) => a.reference)).toEqual([original.correspondenceId]);
  });

  it('are fixed once the cover letter is generated: changing them is refused (409) and the pack keeps its originals', async () => {
    const fixture = await givenCase();
    const [first, second] = [await givenIssued(fixture), await givenIssued(fixture)];
    const request = await staffRequest([first.correspondenceId, second.correspondenceId], toClient(fixture), 'phone');
    expect((await accept(request.srNumber)).status).toBe(200);
    const cover = await givenCover(request.srNumber, toClient(fixture), clientCover([first.correspondenceId]));
    const coverId = cover.body.correspondenceId;
    const done = await generated(coverId, etagOf(cover));

    const more = await caseworker.patch(`/letters/${coverId}`, { attachments: attaching([first.correspondenceId, second.correspondenceId]) }, { 'if-match': etagOf(done) });
    expect(more.status).toBe(409);
    expect(more.body).toMatchObject({ currentStatus: 'Generated' });
    const none = await caseworker.patch(`/letters/${coverId}`, { attachments: [] }, { 'if-match': etagOf(done) });
    expect(none.status).toBe(409);
    expect(none.body).toMatchObject({ currentStatus: 'Generated' });

    const approved = await approvedByTl(coverId, etagOf(await submittedForApproval(coverId, etagOf(done))));
    const afterApproval = await caseworker.patch(`/letters/${coverId}`, { attachments: attaching([second.correspondenceId]) }, { 'if-match': etagOf(approved) });
    expect(afterApproval.status).toBe(409);
    expect(afterApproval.body).toMatchObject({ currentStatus: 'Ready for Fulfilment' });

    const cover2 = await readLetter(coverId);
    expect(cover2.composition.attachments.map((a) => a.reference)).toEqual([first.correspondenceId]);
    expect(cover2.pack!.originals.map((o) => o.correspondenceId)).toEqual([first.correspondenceId]);
    expect(cover2.pack!.copies).toHaveLength(1);
    expect((await readLetter(second.correspondenceId)).duplicates).toBeUndefined();
  });
});

describe('team leader approval of a pack', () => {
  it('is never self-approved; a rejection returns it to the caseworker, who amends, generates and submits again; the copies follow what was approved', async () => {
    const fixture = await givenCase({ owningSegment: 'SEG-DUP-REJ' });
    const [first, second] = [await givenIssued(fixture), await givenIssued(fixture)];
    const request = await staffRequest([first.correspondenceId], toClient(fixture), 'phone', 'Lost the letter of 3 October');
    expect((await accept(request.srNumber)).status).toBe(200);
    const cover = await givenCover(request.srNumber, toClient(fixture), clientCover([first.correspondenceId, second.correspondenceId]));
    const coverId = cover.body.correspondenceId;
    const done = await generated(coverId, etagOf(cover));

    const selfApproval = await caseworker.post(`/letters/${coverId}/self-approve`, undefined, { 'if-match': etagOf(done) });
    expect(selfApproval.status).toBe(403);
    expect((selfApproval.body as Problem).detail).toContain('team leader');
    const sent = await submittedForApproval(coverId, etagOf(done));

    const reasons = 'Only the letter of 3 October was asked for: remove the other one.';
    const rejected = await tl.post(`/letters/${coverId}/reject`, { reasons }, { 'if-match': etagOf(sent) });
    expect(rejected.status, show(rejected)).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'Draft', returnedToCaseworker: { reason: reasons, by: 'tl-tomos' } });
    for (const original of [first, second]) expect((await readLetter(original.correspondenceId)).duplicates).toBeUndefined();
    const notes = (await caseworker.get(`/service-requests/${request.srNumber}/notes`)).body as { items: { text: string }[] };
    expect(notes.items.map((n) => n.text)).toEqual(expect.arrayContaining([expect.stringContaining(reasons)]));

    // Editable again: the caseworker takes the second letter off, generates and submits again.
    const amended = await caseworker.patch(`/letters/${coverId}`, { attachments: attaching([first.correspondenceId]), freeText: { enclosedDocuments: 'A copy of our letter of 3 October' } }, { 'if-match': etagOf(rejected) });
    expect(amended.status, show(amended)).toBe(200);
    const regenerated = await generated(coverId, etagOf(amended));
    expect(regenerated.body.pack!.originals.map((o) => o.correspondenceId)).toEqual([first.correspondenceId]);
    const approved = await approvedByTl(coverId, etagOf(await submittedForApproval(coverId, etagOf(regenerated))));

    const copies = approved.body.pack!.copies!;
    expect(copies).toHaveLength(1);
    expect(await readLetter(copies[0]!)).toMatchObject({ duplicateOf: first.correspondenceId, packCoverId: coverId, status: 'Ready for Fulfilment' });
    expect((await readLetter(first.correspondenceId)).duplicates).toEqual(copies);
    expect((await readLetter(second.correspondenceId)).duplicates).toBeUndefined();
  });
});

describe('after approval', () => {
  it('local print: the pack is emailed to the CSA Print and Post Letters inbox with the cover and each copy as a PDF, noted on the SR, kept out of the print batch, then Local Fulfil fulfils the cover and its copies', async () => {
    const fixture = await givenCase();
    const originals = [await givenIssued(fixture), await givenIssued(fixture)];
    const pack = await givenApprovedClientPack(fixture, originals);

    const emailed = await caseworker.post(`/letters/${pack.coverId}/print-inbox`, undefined, { 'if-match': pack.etag });
    expect(emailed.status, show(emailed)).toBe(200);
    expect(emailed.body).toMatchObject({ status: 'Ready for Fulfilment', fulfilment: { method: 'local', printInboxAt: expect.any(String) } });

    const mails = await eventually(async () => (await mailTo(printInbox)).filter((m) => m.subject.includes(pack.coverId)), (m) => m.length > 0);
    expect(mails).toHaveLength(1);
    const mail = mails[0] as (typeof mails)[number] & { attachments: { filename: string; contentType: string; content: string }[] };
    expect(mail.body.text).toContain([pack.coverId, ...pack.copies].join(', '));
    expect(mail.attachments).toHaveLength(3);
    expect(mail.attachments.map((a) => a.contentType)).toEqual(['application/pdf', 'application/pdf', 'application/pdf']);
    const attached = mail.attachments.map((a) => sha256(Buffer.from(a.content, 'base64')));
    expect(attached[0]).toBe(sha256(await pdfBytes(pack.coverId)));
    for (const [i, original] of originals.entries()) {
      expect(mail.attachments[i + 1]!.filename).toContain(`duplicate-of-${original.correspondenceId}`);
      expect(attached[i + 1]).toBe(standardSha(await readLetter(original.correspondenceId)));
      expect(attached[i + 1]).toBe(sha256(await pdfBytes(pack.copies[i]!)));
    }

    const notes = (await caseworker.get(`/service-requests/${pack.srNumber}/notes`)).body as { items: { text: string }[] };
    expect(notes.items.map((n) => n.text)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`${pack.coverId} and its 2 duplicate copies emailed to the CSA Print and Post Letters inbox`))]));

    // Printed locally: the end-of-day batch does not print it again, and it cannot be emailed twice.
    const batchId = await printBatch();
    expect((await manifest(batchId)).letters.map((l) => l.correspondenceId)).not.toContain(pack.coverId);
    expect((await readLetter(pack.coverId)).status).toBe('Ready for Fulfilment');
    const again = await caseworker.post(`/letters/${pack.coverId}/print-inbox`, undefined, { 'if-match': etagOf(emailed) });
    expect(again.status).toBe(409);
    expect((again.body as Problem).detail).toContain('already emailed to the print inbox');
    expect((await mailTo(printInbox)).filter((m) => m.subject.includes(pack.coverId))).toHaveLength(1);

    const fulfilled = await caseworker.post(`/letters/${pack.coverId}/local-fulfil`, undefined, { 'if-match': etagOf(emailed) });
    expect(fulfilled.status, show(fulfilled)).toBe(200);
    expect(fulfilled.body).toMatchObject({ status: 'Successfully Fulfilled' });
    for (const id of pack.copies) expect((await readLetter(id)).status).toBe('Successfully Fulfilled');
    expect(await readRequest(pack.srNumber)).toMatchObject({ state: 'sent', coverLetterId: pack.coverId, sentAt: expect.any(String) });
  });

  it('cancelling the approved pack cancels its copies, and the print batch mails none of them', async () => {
    const fixture = await givenCase();
    const original = await givenIssued(fixture);
    const pack = await givenApprovedClientPack(fixture, [original]);
    const cancelled = await caseworker.post(`/letters/${pack.coverId}/cancel`, { reason: 'No Longer Required', note: 'The client found the original' }, { 'if-match': pack.etag });
    expect(cancelled.status, show(cancelled)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'Cancelled' });
    const copy = await readLetter(pack.copies[0]!);
    expect(copy.status).toBe('Cancelled');

    const batchId = await printBatch();
    const mailed = (await manifest(batchId)).letters;
    expect(mailed.map((l) => l.correspondenceId)).not.toContain(pack.coverId);
    expect(mailed.flatMap((l) => l.files.map((f) => f.correspondenceId))).not.toContain(copy.correspondenceId);
    expect((await readLetter(pack.copies[0]!)).status).toBe('Cancelled');
    expect((await readRequest(pack.srNumber)).state).toBe('being-considered');
  });

  it("the Fulfilment House's report that the cover letter was printed and posted fulfils its copies", async () => {
    const fixture = await givenCase();
    const originals = [await givenIssued(fixture), await givenIssued(fixture)];
    const pack = await givenApprovedClientPack(fixture, originals);
    const batchId = await printBatch();
    const entry = (await manifest(batchId)).letters.find((l) => l.correspondenceId === pack.coverId)!;
    expect(entry.files.map((f) => f.correspondenceId ?? pack.coverId)).toEqual([pack.coverId, ...pack.copies]);
    for (const id of pack.copies) expect((await readLetter(id)).status).toBe('Sent to Fulfilment House');

    const report = await api('fulfilment-house').post(`/print-batches/${batchId}/report`, { fulfilled: [pack.coverId] });
    expect(report.status, show(report)).toBe(200);
    expect(report.body).toMatchObject({ fulfilled: 1, failed: 0, ignored: [] });
    expect((await readLetter(pack.coverId)).status).toBe('Successfully Fulfilled');
    for (const id of pack.copies) expect((await readLetter(id)).status).toBe('Successfully Fulfilled');
    expect((await readRequest(pack.srNumber)).state).toBe('sent');
  });
});

describe('CMSL2040 reissued at an employer\'s request', () => {
  async function givenEmployerRequest(fixture: CaseFixture) {
    const deo = await selfApproved(await givenGeneratedLetter(fixture, cmsl2040(fixture)));
    const issued = await caseworker.post(`/letters/${deo.correspondenceId}/local-fulfil`, undefined, { 'if-match': deo.etag });
    expect(issued.status, show(issued)).toBe(200);
    expect((issued.body as Letter).status).toBe('Successfully Fulfilled');
    // Taken by someone other than the owner (e.g. the Employer Payments Team answering the phone).
    const request = await staffRequest([deo.correspondenceId], { type: 'employer', ern: fixture.ern }, 'letter', 'Our payroll lost the order', bob);
    return { deo, request };
  }

  it('is accepted or declined only by the case-owning caseworker: anyone else gets 403 with the reason', async () => {
    const fixture = await givenCase({ owningCaseworker: 'cw-alice' });
    const { request } = await givenEmployerRequest(fixture);
    expect((await caseworker.get(`/service-requests/${request.srNumber}`)).body).toMatchObject({ assignedTo: { kind: 'caseworker', id: 'cw-alice' }, contact: { type: 'employer', ern: fixture.ern } });

    const byBob = await accept(request.srNumber, bob);
    expect(byBob.status).toBe(403);
    expect((byBob.body as Problem).detail).toContain('case-owning caseworker (cw-alice)');
    const declinedByBob = await bob.post(`/duplicate-requests/${request.srNumber}/decline`, { reason: 'The order was sent to the right address.' }, { 'if-match': `"${request.version}"` });
    expect(declinedByBob.status).toBe(403);
    expect((declinedByBob.body as Problem).detail).toContain('cw-alice');
    const byManager = await accept(request.srNumber, manager);
    expect(byManager.status).toBe(403);
    expect(await readRequest(request.srNumber)).toMatchObject({ state: 'received', version: request.version });

    const byAlice = await accept(request.srNumber, caseworker);
    expect(byAlice.status, show(byAlice)).toBe(200);
    expect(byAlice.body).toMatchObject({ state: 'being-considered', decision: { outcome: 'accepted', by: 'cw-alice' } });
    expect((await caseworker.get(`/service-requests/${request.srNumber}`)).body).toMatchObject({ status: 'In Progress' });
  });

  it('the case-owning caseworker makes the cover letter to the employer; no one else may compose or generate it', async () => {
    const fixture = await givenCase({ owningCaseworker: 'cw-alice' });
    const { deo, request } = await givenEmployerRequest(fixture);
    expect((await accept(request.srNumber, caseworker)).status).toBe(200);

    // The send copy procedure: the copy goes to the employer who asked, with a CMSL5509 covering letter.
    const created = await caseworker.post(`/service-requests/${request.srNumber}/letters`, { templateId: 'CMSL5509', recipient: { type: 'employer', ern: fixture.ern } });
    expect(created.status, show(created)).toBe(201);
    const coverId = (created.body as Letter).correspondenceId;
    const compose = { freeText: { enclosedDocuments: 'A copy of the deduction from earnings order' }, attachments: attaching([deo.correspondenceId]) };
    const composedByBob = await bob.patch(`/letters/${coverId}`, compose, { 'if-match': etagOf(created) });
    expect(composedByBob.status).toBe(403);
    expect((composedByBob.body as Problem).detail).toContain('cw-alice');
    const composed = await caseworker.patch(`/letters/${coverId}`, compose, { 'if-match': etagOf(created) });
    expect(composed.status, show(composed)).toBe(200);
    const generatedByBob = await bob.post(`/letters/${coverId}/generate`, undefined, { 'if-match': etagOf(composed) });
    expect(generatedByBob.status).toBe(403);
    expect((await readLetter(coverId)).status).toBe('Draft');
  });
});

describe('CMSL5512 with enclosures', () => {
  it('on a Manage Inbound Call / General Enquiry SR: the enclosures are previewed with title, version and description, and the print batch manifest lists them', async () => {
    const fixture = await givenCase();
    const sr = await givenServiceRequest(fixture, generalEnquiry);
    const started = await caseworker.post(`/service-requests/${sr.srNumber}/status`, { status: 'In Progress' }, { 'if-match': sr.etag });
    expect(started.status, show(started)).toBe(200);
    const created = await caseworker.post(`/service-requests/${sr.srNumber}/letters`, { templateId: 'CMSL5512', recipient: toClient(fixture) });
    expect(created.status, show(created)).toBe(201);
    const id = (created.body as Letter).correspondenceId;

    const notOffered = await caseworker.patch(`/letters/${id}`, { ...cmsl5512.compose, enclosures: ['CMSB001', 'CMSF2041'] }, { 'if-match': etagOf(created) });
    expect(notOffered.status).toBe(422);
    expect((notOffered.body as Problem).detail).toContain('CMSF2041');
    const composed = await caseworker.patch(`/letters/${id}`, { ...cmsl5512.compose, enclosures: ['CMSB001', 'CMSB007'] }, { 'if-match': etagOf(created) });
    expect(composed.status, show(composed)).toBe(200);

    const preview = await caseworker.get(`/letters/${id}/enclosures`);
    expect(preview.status, show(preview)).toBe(200);
    const guide = { id: 'CMSB001', version: 3, title: 'Child maintenance: a guide for parents (leaflet)', description: 'How the Child Maintenance Service works, who pays and who receives, and the choices parents have.' };
    const calculation = { id: 'CMSB007', version: 2, title: 'How we work out child maintenance (leaflet)', description: 'The income, number of children and overnight stays the calculation uses, with worked examples.' };
    expect((preview.body as { enclosures: unknown[] }).enclosures).toEqual([expect.objectContaining(guide), expect.objectContaining(calculation)]);

    const done = await generated(id, etagOf(composed));
    const ready = await selfApproved({ srNumber: sr.srNumber, correspondenceId: id, etag: etagOf(done), body: done.body as unknown as LetterFixture['body'] });
    expect(ready.body.status).toBe('Ready for Fulfilment');
    const batchId = await printBatch();
    const entry = (await manifest(batchId)).letters.find((l) => l.correspondenceId === id);
    expect(entry).toBeDefined();
    expect(entry!.enclosed).toEqual([expect.objectContaining(guide), expect.objectContaining(calculation)]);
    expect(entry!.files).toHaveLength(1);
    expect((await readLetter(id)).status).toBe('Sent to Fulfilment House');
  });
});

describe('the audit trail of a duplicate pack', () => {
  it('shows the request, the decision, each copy and the approval against the case and the client', async () => {
    const fixture = await givenCase();
    const original = await givenIssued(fixture);
    const client = api('client', { scin: fixture.receivingParent });
    const asked = await client.post('/duplicate-requests', { letters: [original.correspondenceId], reason: 'I lost it', confirmPaperCopy: true });
    expect(asked.status, show(asked)).toBe(201);
    const srNumber = (asked.body as Request).srNumber;
    expect((await accept(srNumber)).status).toBe(200);
    const cover = await givenCover(srNumber, toClient(fixture), clientCover([original.correspondenceId]));
    const coverId = cover.body.correspondenceId;
    const done = await generated(coverId, etagOf(cover));
    const approved = await approvedByTl(coverId, etagOf(await submittedForApproval(coverId, etagOf(done))));
    const copyId = approved.body.pack!.copies![0]!;

    const expected = [
      expect.objectContaining({ action: 'DuplicatesRequested', actor: expect.objectContaining({ id: expect.any(String), role: 'client' }), entity: { type: 'DuplicateRequest', id: srNumber } }),
      expect.objectContaining({ action: 'DuplicateRequestAccepted', actor: expect.objectContaining({ id: 'cw-alice' }), entity: { type: 'DuplicateRequest', id: srNumber } }),
      expect.objectContaining({ action: 'DuplicateCopyMade', actor: expect.objectContaining({ id: 'tl-tomos' }), entity: { type: 'Letter', id: copyId } }),
      expect.objectContaining({ action: 'LetterApproved', actor: expect.objectContaining({ id: 'tl-tomos' }), entity: { type: 'Letter', id: coverId } }),
    ];
    const onCase = await auditTrail(`/cases/${fixture.caseNumber}/audit`);
    expect(onCase).toEqual(expect.arrayContaining(expected));
    expect(onCase.filter((e) => e.action === 'DuplicateCopyMade')).toHaveLength(1);
    const onClient = await auditTrail(`/contacts/${fixture.receivingParent}/audit`);
    expect(onClient).toEqual(expect.arrayContaining(expected));
    for (const event of onClient.filter((e) => ['DuplicatesRequested', 'DuplicateRequestAccepted', 'DuplicateCopyMade', 'LetterApproved'].includes(e.action))) {
      expect(event).toMatchObject({ caseNumber: fixture.caseNumber, contactRef: fixture.receivingParent });
    }
  });
});
