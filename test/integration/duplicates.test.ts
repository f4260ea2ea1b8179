import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { runPrintBatch } from '../../functions/letters/print-batch.ts';
import { s3 } from '../../functions/platform/aws-clients.ts';
import { stackEnv } from '../support/in-process.ts';
import { api } from '../support/api.ts';
import { afterCutoff, eventually, givenCase, uniqueBatchDate, type CaseFixture } from './fixtures.ts';
import { givenSentLetter } from './letter-flows.ts';

type Letter = { correspondenceId: string; status: string; version: number; srNumber: string; duplicateOf?: string; duplicates?: string[]; packCoverId?: string; pack?: { reason: string; originals: { correspondenceId: string; sha256: string }[]; copies?: string[] }; pdfs: { sha256: string }[] };
type Request = { srNumber: string; state: string; version: number; declinedReason?: string };

const caseworker = api('caseworker', { username: 'cw-alice' });
const tl = api('team-leader', { username: 'tl-tomos' });
const etagOf = (res: { headers: Headers }) => res.headers.get('etag') ?? '';
const readLetter = async (id: string) => (await caseworker.get(`/letters/${id}`)).body as Letter;
const clientOf = (f: CaseFixture) => api('client', { scin: f.receivingParent });

/** The bytes of a letter's PDF, fetched through the API's short-lived link. */
async function pdfBytes(id: string, as = caseworker): Promise<Buffer> {
  const link = (await as.get(`/letters/${id}/pdf`)).body as { url: string };
  return Buffer.from(await (await fetch(link.url)).arrayBuffer());
}
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function manifest(batchId: string) {
  const object = await s3().send(new GetObjectCommand({ Bucket: stackEnv.LETTERS_BUCKET, Key: `print-batches/${batchId}/manifest.json` }));
  return JSON.parse(await object.Body!.transformToString()) as { letters: { correspondenceId: string; files: { correspondenceId?: string; document?: string; sha256: string }[] }[] };
}

describe('duplicate copies, asked for in the portal', () => {
  it('two letters: request, assignment to the owner, accept, cover letter with both attached, TL approval, print batch, sent; every copy hashes to its original', async () => {
    const fixture = await givenCase({ owningCaseworker: 'cw-alice', owningSegment: 'SEG-DUP-01' });
    const [first, second] = [await givenSentLetter(fixture), await givenSentLetter(fixture)];
    const client = clientOf(fixture);

    const unconfirmed = await client.post('/duplicate-requests', { letters: [first.correspondenceId], reason: 'Lost in a house move' });
    expect(unconfirmed.status).toBe(422);
    expect((unconfirmed.body as { detail: string }).detail).toContain('viewed');
    const asked = await client.post('/duplicate-requests', { letters: [first.correspondenceId, second.correspondenceId], reason: 'Lost in a house move', confirmPaperCopy: true });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const srNumber = (asked.body as Request).srNumber;
    expect(asked.body).toMatchObject({ state: 'received' });
    expect(JSON.stringify(asked.body)).not.toContain('cw-alice');

    const sr = (await caseworker.get(`/service-requests/${srNumber}`)).body as { status: string; assignedTo?: { kind: string; id: string }; process: string; channel: string; contact: { scin: string } };
    expect(sr).toMatchObject({ status: 'Open', process: 'Outbound Contact', channel: 'self-service', assignedTo: { kind: 'caseworker', id: 'cw-alice' }, contact: { scin: fixture.receivingParent } });

    const request = await caseworker.get(`/duplicate-requests/${srNumber}`);
    const accepted = await caseworker.post(`/duplicate-requests/${srNumber}/accept`, undefined, { 'if-match': etagOf(request) });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(((await client.get(`/duplicate-requests/${srNumber}`)).body as Request).state).toBe('being-considered');

    const cover = await caseworker.post(`/service-requests/${srNumber}/letters`, { templateId: 'CMSL5509', recipient: { type: 'client', scin: fixture.receivingParent } });
    expect(cover.status, JSON.stringify(cover.body)).toBe(201);
    const coverId = (cover.body as Letter).correspondenceId;
    const wrongParagraph = await caseworker.patch(`/letters/${coverId}`, { paragraphs: { TM_09146_E: true }, slots: { TM_09146_E: { originalRecipient: 'Rhiannon Testcase' } }, freeText: { enclosedDocuments: 'Copies of your letters' } }, { 'if-match': etagOf(cover) });
    expect(wrongParagraph.status).toBe(200);
    const refused = await caseworker.post(`/letters/${coverId}/generate`, undefined, { 'if-match': etagOf(wrongParagraph) });
    expect(refused.status).toBe(422);
    expect((refused.body as { detail: string }).detail).toContain('TM_09149E');

    const composed = await caseworker.patch(
      `/letters/${coverId}`,
      {
        paragraphs: { TM_09146_E: false, TM_09149E: true },
        freeText: { enclosedDocuments: 'Copies of your two letters' },
        attachments: [first, second].map((l) => ({ kind: 'correspondence', reference: l.correspondenceId, description: `Copy of ${l.correspondenceId}` })),
      },
      { 'if-match': etagOf(wrongParagraph) },
    );
    expect(composed.status, JSON.stringify(composed.body)).toBe(200);
    await caseworker.post(`/letters/${coverId}/generate`, undefined, { 'if-match': etagOf(composed) });
    const generated = await eventually(() => readLetter(coverId), (l) => l.status !== 'Rendering');
    expect(generated.status).toBe('Generated');
    expect(generated.pack).toMatchObject({ reason: 'Lost in a house move', originals: [{ correspondenceId: first.correspondenceId }, { correspondenceId: second.correspondenceId }] });

    const selfApprove = await api('case-manager').post(`/letters/${coverId}/self-approve`, undefined, { 'if-match': `"${generated.version}"` });
    expect(selfApprove.status).toBe(403);
    const submitted = await caseworker.post(`/letters/${coverId}/submit-for-approval`, undefined, { 'if-match': `"${generated.version}"` });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const inbox = (await tl.get('/approval-queue/SEG-DUP-01')).body as { items: Letter[] };
    expect(inbox.items.find((i) => i.correspondenceId === coverId)?.pack?.reason).toBe('Lost in a house move');
    const approved = await tl.post(`/letters/${coverId}/approve`, {}, { 'if-match': etagOf(submitted) });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const copies = (approved.body as Letter).pack!.copies!;
    expect(copies).toHaveLength(2);

    for (const [i, original] of [first, second].entries()) {
      const copy = await readLetter(copies[i]!);
      expect(copy).toMatchObject({ duplicateOf: original.correspondenceId, packCoverId: coverId, status: 'Ready for Fulfilment' });
      expect(sha256(await pdfBytes(copy.correspondenceId))).toBe((await readLetter(original.correspondenceId)).pdfs[0]!.sha256);
      expect((await readLetter(original.correspondenceId)).duplicates).toEqual([copy.correspondenceId]);
    }

    const batchId = uniqueBatchDate();
    await runPrintBatch({ batchDate: batchId }, afterCutoff(batchId));
    const entry = (await manifest(batchId)).letters.find((l) => l.correspondenceId === coverId)!;
    expect(entry.files.map((f) => f.correspondenceId ?? coverId)).toEqual([coverId, ...copies]);
    expect(entry.files.slice(1).map((f) => f.document)).toEqual([first, second].map((l) => `duplicate of ${l.correspondenceId}`));
    expect((await readLetter(copies[0]!)).status).toBe('Sent to Fulfilment House');

    expect(((await client.get(`/duplicate-requests/${srNumber}`)).body as Request).state).toBe('sent');
    const portal = (await client.get(`/clients/${fixture.receivingParent}/letters?limit=100`)).body as { items: Letter[] };
    for (const [i, original] of [first, second].entries()) {
      const copy = portal.items.find((l) => l.correspondenceId === copies[i]);
      expect(copy?.duplicateOf).toBe(original.correspondenceId);
      expect(sha256(await pdfBytes(copies[i]!, client))).toBe(sha256(await pdfBytes(original.correspondenceId, client)));
    }
  });

  it('a client cannot ask for copies of a letter sent to someone else (404); a declined request shows the reason and closes the SR', async () => {
    const fixture = await givenCase();
    const other = await givenCase();
    const theirs = await givenSentLetter(other);
    const mine = await givenSentLetter(fixture);
    const client = clientOf(fixture);
    const notYours = await client.post('/duplicate-requests', { letters: [theirs.correspondenceId], reason: 'Please', confirmPaperCopy: true });
    expect(notYours.status).toBe(404);
    const asked = await client.post('/duplicate-requests', { letters: [mine.correspondenceId], reason: 'I would like paper', confirmPaperCopy: true });
    const srNumber = (asked.body as Request).srNumber;
    const declined = await caseworker.post(`/duplicate-requests/${srNumber}/decline`, { reason: 'The letter is available in your online account and was sent last week.' }, { 'if-match': '"1"' });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect((await client.get(`/duplicate-requests/${srNumber}`)).body).toMatchObject({ state: 'declined', declinedReason: expect.stringContaining('online account') });
    expect((await caseworker.get(`/service-requests/${srNumber}`)).body).toMatchObject({ status: 'Closed', subStatus: 'Declined' });
    const notes = (await caseworker.get(`/service-requests/${srNumber}/notes`)).body as { items: { kind: string; text: string }[] };
    expect(notes.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'decision', text: expect.stringContaining('online account') })]));
  });
});
