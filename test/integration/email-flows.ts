import { expect, inject } from 'vitest';
import { api } from '../support/api.ts';
import { givenCase, uniqueDigits, type CaseFixture } from './fixtures.ts';

/** Fixtures for the outbound email tests: self-service clients with addresses, enquiry SRs, generated emails, the mailbox. */

export interface EmailCase extends CaseFixture {
  representative: string;
  clientEmail: string;
  representativeEmail: string;
}

const etagOf = (res: { headers: Headers }) => res.headers.get('etag') ?? '';

/** A case whose receiving parent is a self-service user with an email address, and has a representative with one too. */
export async function givenSelfServiceCase(options: { owningSegment?: string; selfService?: boolean; clientEmail?: string | null } = {}): Promise<EmailCase> {
  const fixture = await givenCase({ representative: true, ...(options.owningSegment ? { owningSegment: options.owningSegment } : {}) });
  const manager = api('case-manager');
  const tag = uniqueDigits(8);
  const clientEmail = options.clientEmail === null ? undefined : (options.clientEmail ?? `rhiannon.${tag}@example.com`);
  const representativeEmail = `office.${tag}@jones-solicitors.example.co.uk`;
  const current = await manager.get(`/clients/${fixture.receivingParent}`);
  const body: Record<string, unknown> = { ...(current.body as Record<string, unknown>), title: 'Ms', selfServiceUser: options.selfService ?? true, ...(clientEmail ? { email: clientEmail } : {}) };
  delete body.version;
  delete body.updatedAt;
  const updated = await manager.put(`/clients/${fixture.receivingParent}`, body, { 'if-match': etagOf(current) });
  expect(updated.status, JSON.stringify(updated.body)).toBe(200);
  const rep = await manager.put(`/clients/${fixture.representative}`, {
    scin: fixture.representative,
    firstName: 'Gareth',
    lastName: 'Jones',
    title: 'Mr',
    email: representativeEmail,
    addresses: [{ type: 'correspondence', lines: ['Jones & Co Solicitors', '3 Park Square', 'Leeds'], postcode: 'LS1 2NE' }],
  });
  expect(rep.status, JSON.stringify(rep.body)).toBe(200);
  return { ...fixture, representative: fixture.representative!, clientEmail: clientEmail ?? '', representativeEmail };
}

export const inboundContact = { process: 'Manage Inbound Contact', area: 'General Enquiry', subArea: 'General Enquiry' } as const;

/** A Manage Inbound Contact / General Enquiry SR for a missing payment, In Progress. */
export async function givenEnquirySr(fixture: CaseFixture, scenario: 'missing-payment' | 'account-calculation' = 'missing-payment', by = 'cw-alice'): Promise<{ srNumber: string; etag: string }> {
  const caseworker = api('caseworker', { username: by });
  const created = await caseworker.post('/service-requests', { caseNumber: fixture.caseNumber, contact: { type: 'client', scin: fixture.receivingParent }, ...inboundContact, channel: 'self-service', enquiry: { scenario } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const srNumber = (created.body as { srNumber: string }).srNumber;
  const started = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'In Progress' }, { 'if-match': etagOf(created) });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  return { srNumber, etag: etagOf(started) };
}

export interface EmailFixture {
  correspondenceId: string;
  srNumber: string;
  etag: string;
  body: Record<string, unknown> & { status: string };
}

/** An email on an enquiry SR, composed from approved lines and generated. */
export async function givenGeneratedEmail(fixture: EmailCase, options: { to?: 'client' | 'representative'; paragraphs?: string[]; by?: string; srNumber?: string } = {}): Promise<EmailFixture> {
  const by = options.by ?? 'cw-alice';
  const caseworker = api('caseworker', { username: by });
  const srNumber = options.srNumber ?? (await givenEnquirySr(fixture, 'missing-payment', by)).srNumber;
  const to = options.to ?? 'client';
  const created = await caseworker.post('/emails', {
    srNumber,
    templateId: to === 'client' ? 'CMSL5515' : 'CMSL5508',
    recipient: { type: to, scin: to === 'client' ? fixture.receivingParent : fixture.representative },
    paragraphs: options.paragraphs ?? ['LTT-MP-02', 'LTT-MP-05'],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = (created.body as { correspondenceId: string }).correspondenceId;
  const generated = await caseworker.post(`/emails/${id}/generate`, undefined, { 'if-match': etagOf(created) });
  expect(generated.status, JSON.stringify(generated.body)).toBe(200);
  return { correspondenceId: id, srNumber, etag: etagOf(generated), body: generated.body as EmailFixture['body'] };
}

/** Submitted by its author, approved by a team leader: ready for Send Email. */
export async function givenApprovedEmail(fixture: EmailCase, options: Parameters<typeof givenGeneratedEmail>[1] = {}): Promise<EmailFixture> {
  const email = await givenGeneratedEmail(fixture, options);
  const submitted = await api('caseworker', { username: options.by ?? 'cw-alice' }).post(`/emails/${email.correspondenceId}/submit-for-approval`, undefined, { 'if-match': email.etag });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const approved = await api('team-leader', { username: 'tl-tomos' }).post(`/emails/${email.correspondenceId}/approve`, {}, { 'if-match': etagOf(submitted) });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return { ...email, etag: etagOf(approved), body: approved.body as EmailFixture['body'] };
}

export interface MailboxEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** What the SES emulator received (its mail viewer's store), for one address. */
export async function mailTo(address: string): Promise<MailboxEmail[]> {
  const endpoint = inject('localStack').env.AWS_ENDPOINT_URL_SESV2!;
  const store = (await (await fetch(`${endpoint}/store`)).json()) as { emails: MailboxEmail[] };
  return store.emails.filter((e) => e.destination.to.some((to) => to.includes(address)));
}

/** A real-shaped SES event (as the configuration set's SNS destination delivers it, raw). */
export function sesEvent(eventType: 'Send' | 'Delivery' | 'Bounce' | 'Complaint', email: { correspondenceId: string; attempt?: number; messageId: string; address: string }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const timestamp = new Date().toISOString();
  return {
    eventType,
    mail: {
      timestamp,
      source: 'internal.cmg@dwp.gsi.gov.uk',
      sourceArn: 'arn:aws:ses:eu-west-2:123456789012:identity/dwp.gsi.gov.uk',
      sendingAccountId: '123456789012',
      messageId: email.messageId,
      destination: [email.address],
      headersTruncated: false,
      tags: { correspondenceId: [email.correspondenceId], attempt: [String(email.attempt ?? 1)], 'ses:configuration-set': ['cms-client-contact'] },
    },
    ...(eventType === 'Send' ? { send: {} } : {}),
    ...(eventType === 'Delivery' ? { delivery: { timestamp, processingTimeMillis: 546, recipients: [email.address], smtpResponse: '250 ok', reportingMTA: 'a8-70.smtp-out.amazonses.com' } } : {}),
    ...(eventType === 'Bounce' ? { bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: email.address, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }], timestamp, feedbackId: `0102${uniqueDigits(12)}`, reportingMTA: 'dsn; e226-55.smtp-out.amazonses.com' } } : {}),
    ...(eventType === 'Complaint' ? { complaint: { complainedRecipients: [{ emailAddress: email.address }], timestamp, feedbackId: `0102${uniqueDigits(12)}`, complaintFeedbackType: 'abuse' } } : {}),
    ...extra,
  };
}
