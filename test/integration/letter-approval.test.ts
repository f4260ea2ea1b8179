import { CopyObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { s3 } from '../../functions/platform/aws-clients.ts';
import { runPrintBatch } from '../../functions/letters/print-batch.ts';
import { londonDateOf, londonInstant } from '../../functions/letters/domain/cutoff.ts';
import { stackEnv } from '../support/in-process.ts';
import { api } from '../support/api.ts';
import { afterCutoff, givenCase, givenGeneratedLetter, uniqueBatchDate, type CaseFixture } from './fixtures.ts';
import { cmsl2040, cmsl5512, selfApproved, submitted } from './letter-flows.ts';

type Letter = { correspondenceId: string; status: string; version: number; srNumber: string; approvalHistory: { decision: string; reasons?: string; decidedBy: string }[]; statusHistory: { status: string; by: string }[]; returnedToCaseworker?: { reason: string }; held?: { reason: string }; fulfilment?: { batchId?: string } };
type Manifest = { batchId: string; letters: { correspondenceId: string; deliveryMethod: string; enclosures: string[]; specialFormats: string[]; files: { key: string; sha256: string }[] }[] };

const caseworker = api('caseworker', { username: 'cw-alice' });
const tl = api('team-leader', { username: 'tl-tomos' });
const etagOf = (res: { headers: Headers }) => res.headers.get('etag') ?? '';
const read = async (id: string) => {
  const res = await caseworker.get(`/letters/${id}`);
  return { letter: res.body as Letter, etag: etagOf(res) };
};
async function manifest(batchId: string): Promise<Manifest> {
  const object = await s3().send(new GetObjectCommand({ Bucket: stackEnv.LETTERS_BUCKET, Key: `print-batches/${batchId}/manifest.json` }));
  return JSON.parse(await object.Body!.transformToString()) as Manifest;
}
const problemType = (res: { body: unknown }) => (res.body as { type: string }).type;

describe('team leader approval', () => {
  it('submitted, rejected with reasons, amended, resubmitted, approved and fulfilled locally, every round kept', async () => {
    const fixture = await givenCase({ owningSegment: 'SEG-APPROVAL-01' });
    const generated = await givenGeneratedLetter(fixture, cmsl2040(fixture));
    const first = await submitted(generated);
    expect(first.body).toMatchObject({ status: 'Pending Approval', approval: { segment: 'SEG-APPROVAL-01', subStatus: 'Submit for Approval - TL' } });
    expect((await caseworker.get(`/service-requests/${generated.srNumber}`)).body).toMatchObject({ status: 'Pending Approval', lettersAwaitingApproval: [generated.correspondenceId] });
    const queue = (await tl.get('/approval-queue/SEG-APPROVAL-01')).body as { items: Letter[] };
    expect(queue.items.map((l) => l.correspondenceId)).toContain(generated.correspondenceId);

    const rejected = await tl.post(`/letters/${generated.correspondenceId}/reject`, { reasons: 'The deduction rate is weekly, not monthly: please correct it.' }, { 'if-match': first.etag });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'Draft', returnedToCaseworker: { reason: 'The deduction rate is weekly, not monthly: please correct it.' } });
    expect((await caseworker.get(`/service-requests/${generated.srNumber}`)).body).toMatchObject({ status: 'In Progress', lettersAwaitingApproval: [] });
    const notes = (await caseworker.get(`/service-requests/${generated.srNumber}/notes`)).body as { items: { text: string; kind: string }[] };
    expect(notes.items.at(-1)).toMatchObject({ kind: 'decision', text: expect.stringContaining('The deduction rate is weekly') });
    const activities = (await caseworker.get('/my-activities')).body as { groups: Record<string, { correspondenceId: string; returnedReason?: string }[]> };
    expect(activities.groups['returned-for-amendment']).toEqual(expect.arrayContaining([expect.objectContaining({ correspondenceId: generated.correspondenceId, returnedReason: expect.stringContaining('weekly') })]));

    const amended = await caseworker.patch(`/letters/${generated.correspondenceId}`, { freeText: { deductionDetails: '£45.20 a week from 1 December 2026 (weekly)' } }, { 'if-match': etagOf(rejected) });
    expect(amended.status).toBe(200);
    await caseworker.post(`/letters/${generated.correspondenceId}/generate`, undefined, { 'if-match': etagOf(amended) });
    const regenerated = await (async () => {
      for (let i = 0; i < 50; i++) {
        const r = await read(generated.correspondenceId);
        if (r.letter.status !== 'Rendering') return r;
        await new Promise((res) => setTimeout(res, 200));
      }
      throw new Error('not rendered');
    })();
    const second = await submitted({ ...generated, etag: regenerated.etag });
    const approved = await tl.post(`/letters/${generated.correspondenceId}/approve`, {}, { 'if-match': second.etag });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'Ready for Fulfilment' });
    expect(((await caseworker.get('/my-activities')).body as { groups: Record<string, { correspondenceId: string }[]> }).groups['ready-to-fulfil-locally']).toEqual(expect.arrayContaining([expect.objectContaining({ correspondenceId: generated.correspondenceId })]));

    const fulfilled = await caseworker.post(`/letters/${generated.correspondenceId}/local-fulfil`, undefined, { 'if-match': etagOf(approved) });
    expect(fulfilled.status).toBe(200);
    const final = fulfilled.body as Letter;
    expect(final.status).toBe('Successfully Fulfilled');
    expect(final.approvalHistory.map((r) => r.decision)).toEqual(['rejected', 'approved']);
    expect(final.statusHistory.map((s) => s.status)).toEqual(['Draft', 'Rendering', 'Generated', 'Pending Approval', 'Draft', 'Rendering', 'Generated', 'Pending Approval', 'Ready for Fulfilment', 'Successfully Fulfilled']);
    const after = await caseworker.post(`/letters/${generated.correspondenceId}/cancel`, { reason: 'Generated In Error' }, { 'if-match': etagOf(fulfilled) });
    expect(after.status).toBe(409);
    expect((after.body as { detail: string }).detail).toContain('Successfully Fulfilled');
  });

  it('a team leader may approve after a minor correction, which is audited and re-rendered', async () => {
    const fixture = await givenCase();
    const letter = await submitted(await givenGeneratedLetter(fixture));
    const res = await tl.post(`/letters/${letter.correspondenceId}/approve`, { correction: { freeText: { enclosedDocuments: 'Your letter of 3 October 2026 (corrected spelling).' } } }, { 'if-match': letter.etag });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'Rendering' });
    let current = (await read(letter.correspondenceId)).letter;
    for (let i = 0; i < 50 && current.status === 'Rendering'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      current = (await read(letter.correspondenceId)).letter;
    }
    expect(current.status).toBe('Ready for Fulfilment');
    expect(current.approvalHistory.at(-1)).toMatchObject({ decision: 'approved-with-correction', decidedBy: 'tl-tomos' });
    const audit = (await caseworker.get(`/cases/${fixture.caseNumber}/audit?limit=100`)).body as { items: { action: string }[] };
    expect(audit.items.map((e) => e.action)).toContain('LetterApprovedWithCorrection');
  });

  it('nobody approves their own letter, and a second decision gets 409', async () => {
    const fixture = await givenCase();
    const own = api('team-leader', { username: 'tl-writer' });
    const sr = (await own.post('/service-requests', { caseNumber: fixture.caseNumber, process: 'Outbound Contact', area: 'Reissue Correspondence', subArea: 'Reissue Correspondence', channel: 'phone' }));
    const started = await own.post(`/service-requests/${(sr.body as { srNumber: string }).srNumber}/status`, { status: 'In Progress' }, { 'if-match': etagOf(sr) });
    expect(started.status).toBe(200);
    const letter = await givenGeneratedLetter(fixture);
    const pending = await submitted(letter, 'cw-alice');
    const self = await api('team-leader', { username: 'cw-alice' }).post(`/letters/${letter.correspondenceId}/approve`, {}, { 'if-match': pending.etag });
    expect(self.status).toBe(403);
    const ok = await tl.post(`/letters/${letter.correspondenceId}/approve`, {}, { 'if-match': pending.etag });
    expect(ok.status).toBe(200);
    const again = await api('team-leader', { username: 'tl-other' }).post(`/letters/${letter.correspondenceId}/reject`, { reasons: 'Too late, but trying anyway' }, { 'if-match': etagOf(ok) });
    expect(again.status).toBe(409);
  });

  it('approve racing reject: exactly one decision wins and is audited once', async () => {
    const fixture = await givenCase();
    const letter = await submitted(await givenGeneratedLetter(fixture));
    const [a, b] = await Promise.all([
      tl.post(`/letters/${letter.correspondenceId}/approve`, {}, { 'if-match': letter.etag }),
      api('team-leader', { username: 'tl-rival' }).post(`/letters/${letter.correspondenceId}/reject`, { reasons: 'Rejecting at the same moment' }, { 'if-match': letter.etag }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const final = (await read(letter.correspondenceId)).letter;
    expect(final.approvalHistory).toHaveLength(1);
    const audit = (await caseworker.get(`/contacts/${fixture.receivingParent}/audit?limit=100`)).body as { items: { action: string; entity: { id: string } }[] };
    expect(audit.items.filter((e) => e.entity.id === letter.correspondenceId && ['LetterApproved', 'LetterRejected'].includes(e.action))).toHaveLength(1);
  });

  it('the approval inbox shows counts and the age of the oldest, oldest first', async () => {
    const fixture = await givenCase({ owningSegment: 'SEG-INBOX-07' });
    const first = await submitted(await givenGeneratedLetter(fixture));
    const second = await submitted(await givenGeneratedLetter(fixture));
    const summary = (await tl.get('/approval-queue/SEG-INBOX-07/summary')).body as { waiting: number; oldestSubmittedAt: string; oldestAgeMinutes: number };
    expect(summary.waiting).toBe(2);
    expect(summary.oldestAgeMinutes).toBeGreaterThanOrEqual(0);
    const page1 = (await tl.get('/approval-queue/SEG-INBOX-07?limit=1')).body as { items: Letter[]; nextCursor: string };
    const page2 = (await tl.get(`/approval-queue/SEG-INBOX-07?limit=1&cursor=${page1.nextCursor}`)).body as { items: Letter[] };
    expect([page1.items[0]?.correspondenceId, page2.items[0]?.correspondenceId]).toEqual([first.correspondenceId, second.correspondenceId]);
  });

  it('an SR cannot be closed while one of its letters waits for approval', async () => {
    const fixture = await givenCase();
    const letter = await submitted(await givenGeneratedLetter(fixture));
    const sr = await caseworker.get(`/service-requests/${letter.srNumber}`);
    const res = await caseworker.post(`/service-requests/${letter.srNumber}/status`, { status: 'Closed', subStatus: 'Complete' }, { 'if-match': etagOf(sr) });
    expect(res.status).toBe(409);
    expect((res.body as { detail: string }).detail).toContain(letter.correspondenceId);
  });
});

describe('self-approval, Welsh and suppression', () => {
  it('a caseworker may self-approve only templates on the list; case managers any', async () => {
    const fixture = await givenCase();
    const notOnList = await givenGeneratedLetter(fixture);
    const refused = await caseworker.post(`/letters/${notOnList.correspondenceId}/self-approve`, undefined, { 'if-match': notOnList.etag });
    expect(refused.status).toBe(403);
    expect((refused.body as { detail: string }).detail).toContain('self-approval list');
    const onList = await givenGeneratedLetter(fixture, cmsl5512);
    const ok = await caseworker.post(`/letters/${onList.correspondenceId}/self-approve`, undefined, { 'if-match': onList.etag });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'Ready for Fulfilment', approvalHistory: [{ decision: 'self-approved' }] });
    expect((await selfApproved(notOnList)).body.status).toBe('Ready for Fulfilment');
  });

  async function updateClient(fixture: CaseFixture, change: Record<string, unknown>) {
    const manager = api('case-manager');
    const current = await manager.get(`/clients/${fixture.receivingParent}`);
    const { version: _v, updatedAt: _u, ...record } = current.body as Record<string, unknown>;
    expect((await manager.put(`/clients/${fixture.receivingParent}`, { ...record, ...change }, { 'if-match': etagOf(current) })).status).toBe(200);
  }

  it('a letter that needs a Welsh translation is returned to the caseworker rather than sent', async () => {
    const fixture = await givenCase();
    await updateClient(fixture, { welshLanguage: true });
    const letter = await givenGeneratedLetter(fixture);
    const res = await api('case-manager').post(`/letters/${letter.correspondenceId}/self-approve`, undefined, { 'if-match': letter.etag });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'Draft', returnedToCaseworker: { reason: expect.stringContaining('Welsh translation') } });
    const withTranslation = await caseworker.patch(`/letters/${letter.correspondenceId}`, { attachments: [{ kind: 'translation', reference: 'TR-2026-0417', description: 'Welsh translation of this letter' }] }, { 'if-match': etagOf(res) });
    expect(withTranslation.status).toBe(200);
    expect((await caseworker.post(`/letters/${letter.correspondenceId}/generate`, undefined, { 'if-match': etagOf(withTranslation) })).status).toBe(202);
    let current = await read(letter.correspondenceId);
    for (let i = 0; i < 50 && current.letter.status === 'Rendering'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      current = await read(letter.correspondenceId);
    }
    const approved = await api('case-manager').post(`/letters/${letter.correspondenceId}/self-approve`, undefined, { 'if-match': current.etag });
    expect(approved.body).toMatchObject({ status: 'Ready for Fulfilment' });
  });

  it("a suppressed contact's letter is held with a reason, not released to print", async () => {
    const fixture = await givenCase();
    await updateClient(fixture, { correspondenceSuppressed: true });
    const letter = await givenGeneratedLetter(fixture);
    const held = await selfApproved(letter);
    expect(held.body).toMatchObject({ status: 'Held', held: { reason: expect.stringContaining('suppressed') } });
    const release = await caseworker.post(`/letters/${letter.correspondenceId}/release`, undefined, { 'if-match': held.etag });
    expect(release.status).toBe(422);
  });
});

describe('local fulfilment and cancellation', () => {
  it('two Local Fulfils at once: one wins, the other gets 409', async () => {
    const fixture = await givenCase();
    const letter = await selfApproved(await givenGeneratedLetter(fixture, cmsl2040(fixture)));
    const [a, b] = await Promise.all([
      caseworker.post(`/letters/${letter.correspondenceId}/local-fulfil`, undefined, { 'if-match': letter.etag }),
      api('caseworker', { username: 'cw-bob' }).post(`/letters/${letter.correspondenceId}/local-fulfil`, undefined, { 'if-match': letter.etag }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await read(letter.correspondenceId)).letter.statusHistory.filter((s) => s.status === 'Successfully Fulfilled')).toHaveLength(1);
  });

  it('an external-print letter cannot be fulfilled locally', async () => {
    const fixture = await givenCase();
    const letter = await selfApproved(await givenGeneratedLetter(fixture));
    const res = await caseworker.post(`/letters/${letter.correspondenceId}/local-fulfil`, undefined, { 'if-match': letter.etag });
    expect(res.status).toBe(409);
    expect(problemType(res)).toBe('/problems/illegalTransition');
  });

  it('a letter cancelled before the batch is not printed', async () => {
    const fixture = await givenCase();
    const letter = await selfApproved(await givenGeneratedLetter(fixture));
    const cancelled = await caseworker.post(`/letters/${letter.correspondenceId}/cancel`, { reason: 'Generated In Error', note: 'Wrong enclosure description' }, { 'if-match': letter.etag });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'Cancelled', cancellation: { reason: 'Generated In Error: Wrong enclosure description' } });
    const batchId = uniqueBatchDate();
    await runPrintBatch({ batchDate: batchId }, afterCutoff(batchId));
    expect((await manifest(batchId)).letters.map((l) => l.correspondenceId)).not.toContain(letter.correspondenceId);
  });

  it('cancel racing the batch pickup: the letter is either cancelled and unprinted, or printed and not cancelled', async () => {
    const fixture = await givenCase();
    const letter = await selfApproved(await givenGeneratedLetter(fixture));
    const batchId = uniqueBatchDate();
    const [cancel] = await Promise.all([
      caseworker.post(`/letters/${letter.correspondenceId}/cancel`, { reason: 'No Longer Required' }, { 'if-match': letter.etag }),
      runPrintBatch({ batchDate: batchId }, afterCutoff(batchId)),
    ]);
    const final = (await read(letter.correspondenceId)).letter;
    const printed = (await manifest(batchId)).letters.some((l) => l.correspondenceId === letter.correspondenceId);
    if (cancel.status === 200) {
      expect(final.status).toBe('Cancelled');
      expect(printed).toBe(false);
    } else {
      expect(cancel.status).toBe(409);
      expect(final.status).toBe('Sent to Fulfilment House');
      expect(printed).toBe(true);
    }
  });
});

describe('the end-of-day print batch', () => {
  it('sends a ready letter with its manifest; it cannot be cancelled afterwards; the supplier confirms it', async () => {
    const fixture = await givenCase();
    const letter = await selfApproved(await givenGeneratedLetter(fixture));
    const batchId = uniqueBatchDate();
    const batch = await runPrintBatch({ batchDate: batchId }, afterCutoff(batchId));
    expect(batch).toMatchObject({ status: 'complete', manifestKey: `print-batches/${batchId}/manifest.json` });
    const entry = (await manifest(batchId)).letters.find((l) => l.correspondenceId === letter.correspondenceId);
    expect(entry).toMatchObject({ deliveryMethod: 'first-class', specialFormats: [], files: [expect.objectContaining({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })] });
    const pdf = await s3().send(new GetObjectCommand({ Bucket: stackEnv.LETTERS_BUCKET, Key: entry!.files[0]!.key }));
    expect((await pdf.Body!.transformToString()).startsWith('%PDF-')).toBe(true);

    const sent = await read(letter.correspondenceId);
    expect(sent.letter).toMatchObject({ status: 'Sent to Fulfilment House', fulfilment: { batchId } });
    const cancel = await caseworker.post(`/letters/${letter.correspondenceId}/cancel`, { reason: 'Generated In Error' }, { 'if-match': sent.etag });
    expect(cancel.status).toBe(409);

    const supplier = api('fulfilment-house');
    const report = await supplier.post(`/print-batches/${batchId}/report`, { fulfilled: [letter.correspondenceId] });
    expect(report.body).toMatchObject({ fulfilled: 1, failed: 0, ignored: [] });
    expect((await read(letter.correspondenceId)).letter.status).toBe('Successfully Fulfilled');
    const twice = await supplier.post(`/print-batches/${batchId}/report`, { fulfilled: [letter.correspondenceId] });
    expect(twice.body).toMatchObject({ fulfilled: 0, ignored: [{ correspondenceId: letter.correspondenceId, reason: 'already Successfully Fulfilled' }] });
  });

  it("the supplier's failure report sets Error in Fulfilment; such a letter can only be cancelled", async () => {
    const fixture = await givenCase();
    const letter = await selfApproved(await givenGeneratedLetter(fixture));
    const batchId = uniqueBatchDate();
    await runPrintBatch({ batchDate: batchId }, afterCutoff(batchId));
    await api('fulfilment-house').post(`/print-batches/${batchId}/report`, { failed: [{ correspondenceId: letter.correspondenceId, reason: 'Paper jam: not printed' }] });
    const failed = await read(letter.correspondenceId);
    expect(failed.letter.status).toBe('Error in Fulfilment');
    expect((await caseworker.post(`/letters/${letter.correspondenceId}/local-fulfil`, undefined, { 'if-match': failed.etag })).status).toBe(409);
    expect((await caseworker.post(`/letters/${letter.correspondenceId}/cancel`, { reason: 'Print Locally' }, { 'if-match': failed.etag })).status).toBe(200);
  });

  it('respects the cut-off: before it nothing runs, an earlier day takes nothing ready later, and the day itself takes it', async () => {
    const fixture = await givenCase();
    const letter = await selfApproved(await givenGeneratedLetter(fixture));
    // The first batch whose cut-off is still to come: today's, or after 17:30 London tomorrow's (a letter
    // ready this evening waits for tomorrow's batch), so the test holds at any time of day.
    const now = new Date();
    const today = londonInstant(londonDateOf(now), '17:30') > now ? londonDateOf(now) : londonDateOf(new Date(now.getTime() + 86_400_000));
    expect(await runPrintBatch({ batchDate: today }, new Date(`${today}T04:00:00Z`))).toMatchObject({ status: 'before-cutoff' });
    const yesterday = londonDateOf(new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000));
    await runPrintBatch({ batchDate: yesterday }, afterCutoff(yesterday));
    expect((await read(letter.correspondenceId)).letter.status).toBe('Ready for Fulfilment');
    await runPrintBatch({ batchDate: today }, afterCutoff(today));
    expect((await read(letter.correspondenceId)).letter).toMatchObject({ status: 'Sent to Fulfilment House', fulfilment: { batchId: today } });
  });

  it('re-run after a crash part-way: nothing lost, nothing sent twice; a re-run of a complete batch changes nothing', async () => {
    const fixture = await givenCase();
    const letters = [await selfApproved(await givenGeneratedLetter(fixture)), await selfApproved(await givenGeneratedLetter(fixture))];
    const batchId = uniqueBatchDate();
    const crash = mockClient(S3Client);
    // The PDFs are copied, then the run dies writing the manifest.
    crash.on(CopyObjectCommand).resolves({});
    crash.on(PutObjectCommand).rejects(new Error('Lambda timed out writing the manifest'));
    await expect(runPrintBatch({ batchDate: batchId }, afterCutoff(batchId))).rejects.toThrow('manifest');
    crash.restore();
    for (const l of letters) expect((await read(l.correspondenceId)).letter.status).toBe('Sent to Fulfilment House');

    const rerun = await runPrintBatch({ batchDate: batchId }, afterCutoff(batchId));
    expect(rerun).toMatchObject({ status: 'complete' });
    const first = await manifest(batchId);
    for (const l of letters) expect(first.letters.filter((e) => e.correspondenceId === l.correspondenceId)).toHaveLength(1);
    for (const l of letters) expect((await read(l.correspondenceId)).letter.statusHistory.filter((s) => s.status === 'Sent to Fulfilment House')).toHaveLength(1);

    const again = await runPrintBatch({ batchDate: batchId }, new Date(afterCutoff(batchId).getTime() + 3_600_000));
    expect(again).toEqual(rerun);
    expect(await manifest(batchId)).toEqual(first);
  });
});

void stackEnv;
