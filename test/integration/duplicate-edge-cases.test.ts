import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import '../support/in-process.ts';
import { emailToPrintInbox } from '../../functions/letters/print-inbox.ts';
import { emailSending } from '../../functions/platform/resources.ts';
import { api } from '../support/api.ts';
import { eventually, givenCase, givenGeneratedLetter } from './fixtures.ts';
import { givenSentLetter, selfApproved } from './letter-flows.ts';

const caseworker = api('caseworker', { username: 'cw-alice' });
const etagOf = (res: { headers: Headers }) => res.headers.get('etag') ?? '';

describe('duplicate requests and the print inbox, at the edges', () => {
  it('a request whose SR is closed for another reason shows declined, with the closing note as the reason', async () => {
    const fixture = await givenCase();
    const letter = await givenSentLetter(fixture);
    const client = api('client', { scin: fixture.receivingParent });
    const asked = await client.post('/duplicate-requests', { letters: [letter.correspondenceId], reason: 'Lost it', confirmPaperCopy: true });
    const srNumber = (asked.body as { srNumber: string }).srNumber;
    const sr = await caseworker.get(`/service-requests/${srNumber}`);
    const closed = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Closed', subStatus: 'Withdrawn', note: 'The client rang to say the letter turned up.' }, { 'if-match': etagOf(sr) });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect((await client.get(`/duplicate-requests/${srNumber}`)).body).toMatchObject({ state: 'declined', declinedReason: 'The client rang to say the letter turned up.' });
  });

  it('an SES failure leaves the letter as it was, waiting for the batch, and the contingency route can be tried again; once emailed it can no longer be cancelled', async () => {
    const fixture = await givenCase();
    const ready = await selfApproved(await givenGeneratedLetter(fixture));
    const settings = { sender: emailSending.defaultSender, inbox: emailSending.defaultPrintInbox, configurationSet: emailSending.configurationSetName };
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } }));
    try {
      await expect(emailToPrintInbox(ready.correspondenceId, ready.body.version, settings, { id: 'cw-alice', role: 'caseworker' }, new Date())).rejects.toThrow('Service unavailable');
    } finally {
      ses.restore();
    }
    const after = await caseworker.get(`/letters/${ready.correspondenceId}`);
    expect(after.body).toMatchObject({ status: 'Ready for Fulfilment' });
    expect((after.body as { fulfilment?: { printInboxAt?: string } }).fulfilment?.printInboxAt).toBeUndefined();
    const notes = (await caseworker.get(`/service-requests/${ready.srNumber}/notes`)).body as { items: { text: string }[] };
    expect(notes.items.some((n) => n.text.includes('print inbox'))).toBe(false);

    const emailed = await caseworker.post(`/letters/${ready.correspondenceId}/print-inbox`, undefined, { 'if-match': etagOf(after) });
    expect(emailed.status, JSON.stringify(emailed.body)).toBe(200);
    const cancel = await caseworker.post(`/letters/${ready.correspondenceId}/cancel`, { reason: 'No Longer Required' }, { 'if-match': etagOf(emailed) });
    expect(cancel.status).toBe(409);
    expect((cancel.body as { detail: string }).detail).toContain('print inbox');
  });
});

/** A pack to the client of the case reissuing one sent letter, approved by a team leader. */
async function givenApprovedPack() {
  const fixture = await givenCase();
  const original = await givenSentLetter(fixture);
  const asked = await api('client', { scin: fixture.receivingParent }).post('/duplicate-requests', { letters: [original.correspondenceId], reason: 'Lost it', confirmPaperCopy: true });
  const srNumber = (asked.body as { srNumber: string }).srNumber;
  await caseworker.post(`/duplicate-requests/${srNumber}/accept`, undefined, { 'if-match': '"1"' });
  const cover = await caseworker.post(`/service-requests/${srNumber}/letters`, { templateId: 'CMSL5509', recipient: { type: 'client', scin: fixture.receivingParent } });
  const coverId = (cover.body as { correspondenceId: string }).correspondenceId;
  const composed = await caseworker.patch(`/letters/${coverId}`, { paragraphs: { TM_09149E: true }, freeText: { enclosedDocuments: 'A copy' }, attachments: [{ kind: 'correspondence', reference: original.correspondenceId, description: 'Copy' }] }, { 'if-match': etagOf(cover) });
  await caseworker.post(`/letters/${coverId}/generate`, undefined, { 'if-match': etagOf(composed) });
  const generated = await eventually(async () => caseworker.get(`/letters/${coverId}`), (r) => (r.body as { status: string }).status === 'Generated');
  const submitted = await caseworker.post(`/letters/${coverId}/submit-for-approval`, undefined, { 'if-match': etagOf(generated) });
  const approved = await api('team-leader', { username: 'tl-tomos' }).post(`/letters/${coverId}/approve`, {}, { 'if-match': etagOf(submitted) });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return { fixture, original, cover: approved.body as { correspondenceId: string; generated: { identifyingCode: string }; pack: { copies: string[] } } };
}

describe('picking and returning reissued letters', () => {
  it('the case letters filtered to issued ones, by template and recipient, are the ones that can be attached', async () => {
    const fixture = await givenCase();
    const sent = await givenSentLetter(fixture);
    const draft = await givenGeneratedLetter(fixture);
    const all = ((await caseworker.get(`/cases/${fixture.caseNumber}/letters?limit=100`)).body as { items: { correspondenceId: string }[] }).items.map((l) => l.correspondenceId);
    expect(all).toEqual(expect.arrayContaining([sent.correspondenceId, draft.correspondenceId]));
    const issued = ((await caseworker.get(`/cases/${fixture.caseNumber}/letters?issued=true&limit=100`)).body as { items: { correspondenceId: string }[] }).items.map((l) => l.correspondenceId);
    expect(issued).toEqual([sent.correspondenceId]);
    const byRecipient = (await caseworker.get(`/cases/${fixture.caseNumber}/letters?templateId=CMSL5509&recipient=${fixture.payingParent}&limit=100`)).body as { items: unknown[] };
    expect(byRecipient.items).toEqual([]);
    expect((await caseworker.get(`/cases/${fixture.caseNumber}/letters?issuedFrom=03-12-2026`)).status).toBe(400);
  });

  it("a returned pack, read from its cover letter's code, is recorded against the cover letter and its copies; the original keeps its own history", async () => {
    const { original, cover } = await givenApprovedPack();
    const res = await caseworker.post('/returned-letters', { identifyingCode: cover.generated.identifyingCode, reason: 'Addressee gone away' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const returns = async (id: string) => ((await caseworker.get(`/letters/${id}`)).body as { returns: unknown[] }).returns.length;
    expect(await returns(cover.correspondenceId)).toBe(1);
    expect(await returns(cover.pack.copies[0]!)).toBe(1);
    expect(await returns(original.correspondenceId)).toBe(0);
  });
});

describe('Local Fulfil', () => {
  it('never over the Fulfilment House: a letter it has been sent is not fulfilled locally (409), and stays as it was', async () => {
    const fixture = await givenCase();
    const sent = await givenSentLetter(fixture);
    const res = await caseworker.post(`/letters/${sent.correspondenceId}/local-fulfil`, undefined, { 'if-match': sent.etag });
    expect(res.status).toBe(409);
    expect((res.body as { detail: string }).detail).toContain('only for a letter Ready for Fulfilment');
    expect(((await caseworker.get(`/letters/${sent.correspondenceId}`)).body as { status: string }).status).toBe('Sent to Fulfilment House');
  });
});
