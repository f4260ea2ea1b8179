import { expect } from 'vitest';
import { runPrintBatch } from '../../functions/letters/print-batch.ts';
import '../support/in-process.ts';
import { api } from '../support/api.ts';
import { afterCutoff, givenGeneratedLetter, uniqueBatchDate, type CaseFixture, type LetterFixture } from './fixtures.ts';

/** Letters further along their life, for tests that need them. The print batch runs in this process with a chosen clock. */

export const cmsl5512 = { templateId: 'CMSL5512', compose: { freeText: { enquiryDate: '20 November 2026', literatureTitles: 'Child maintenance: a guide for parents', literatureDescription: 'How child maintenance works and what happens next.' } } };
export const cmsl2040 = (f: CaseFixture) => ({ templateId: 'CMSL2040', recipient: { type: 'employer', ern: f.ern }, compose: { freeText: { deductionDetails: '£45.20 a week from 1 December 2026' } } });

export async function selfApproved(letter: LetterFixture): Promise<LetterFixture> {
  const res = await api('case-manager').post(`/letters/${letter.correspondenceId}/self-approve`, undefined, { 'if-match': letter.etag });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ...letter, etag: res.headers.get('etag') ?? '', body: res.body as LetterFixture['body'] };
}

/** Generated, self-approved and picked up by a print batch of its own: visible to the client in the portal. */
export async function givenSentLetter(fixture: CaseFixture): Promise<LetterFixture & { batchId: string }> {
  const approved = await selfApproved(await givenGeneratedLetter(fixture));
  expect(approved.body.status).toBe('Ready for Fulfilment');
  const batchId = uniqueBatchDate();
  await runPrintBatch({ batchDate: batchId }, afterCutoff(batchId));
  const sent = await api('caseworker').get(`/letters/${approved.correspondenceId}`);
  expect((sent.body as { status: string }).status).toBe('Sent to Fulfilment House');
  return { ...approved, batchId, etag: sent.headers.get('etag') ?? '', body: sent.body as LetterFixture['body'] };
}

export async function submitted(letter: LetterFixture, by = 'cw-alice'): Promise<LetterFixture> {
  const res = await api('caseworker', { username: by }).post(`/letters/${letter.correspondenceId}/submit-for-approval`, undefined, { 'if-match': letter.etag });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ...letter, etag: res.headers.get('etag') ?? '', body: res.body as LetterFixture['body'] };
}

/** A letter Held because its recipient's correspondence is suppressed; suppression is lifted again afterwards so it can be released. */
export async function givenHeldLetter(fixture: CaseFixture): Promise<LetterFixture> {
  const manager = api('case-manager');
  const client = await manager.get(`/clients/${fixture.receivingParent}`);
  const { version: _v, updatedAt: _u, ...record } = client.body as Record<string, unknown>;
  const suppressed = await manager.put(`/clients/${fixture.receivingParent}`, { ...record, correspondenceSuppressed: true }, { 'if-match': client.headers.get('etag') ?? '' });
  const held = await selfApproved(await givenGeneratedLetter(fixture));
  expect(held.body.status).toBe('Held');
  await manager.put(`/clients/${fixture.receivingParent}`, { ...record, correspondenceSuppressed: false }, { 'if-match': suppressed.headers.get('etag') ?? '' });
  return held;
}
