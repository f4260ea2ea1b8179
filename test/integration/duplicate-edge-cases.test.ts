import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import '../support/in-process.ts';
import { emailToPrintInbox } from '../../functions/letters/print-inbox.ts';
import { emailSending } from '../../functions/platform/resources.ts';
import { api } from '../support/api.ts';
import { givenCase, givenGeneratedLetter } from './fixtures.ts';
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
