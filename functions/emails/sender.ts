import { createHash } from 'node:crypto';
import { systemActor } from '../platform/audit.ts';
import type { AddressMark } from './domain/eligibility.ts';
import { normaliseAddress } from './domain/eligibility.ts';
import { findPersonalData } from '../correspondence/domain/personal-data.ts';
import { classifySendFailure, nextRetryAt, type SesFailure } from './domain/send-failures.ts';
import { movedEmail } from './domain/status.ts';
import { newIncident, type Incident } from './incidents.ts';
import { rawMessage } from './mime.ts';
import type { Email, SendState } from './schemas.ts';

/**
 * Sends one attempt of an email, at most once. SES takes no idempotency token, so the attempt is
 * claimed with a conditional write before SES is called: a redelivered or concurrent message finds the
 * claim and never sends again. If the process dies after SES accepted the message and before the
 * outcome is saved, the claim stays: the SES Send event tagged with the email's id confirms it
 * (delivery-events.ts), or, failing that, the retry schedule raises an incident for a person to check
 * rather than resending blindly. The exact bytes sent are stored first, with their SHA-256.
 */

export interface SenderPorts {
  readonly emails: {
    get(id: string): Promise<Email | undefined>;
    /** Claims the attempt (recording the stored message); undefined when someone else already has. */
    claim(email: Email, message: NonNullable<SendState['message']>, now: Date): Promise<Email | undefined>;
    /** Saves `next` over `previous` (version-checked) with its audit event, and the incident if one is raised. */
    record(previous: Email, next: Email, action: string, now: Date, incident?: Incident): Promise<void>;
  };
  readonly addressMarks: { get(address: string): Promise<AddressMark | undefined> };
  readonly archive: { put(key: string, bytes: Buffer): Promise<void> };
  readonly ses: { send(input: { from: string; to: string; raw: Buffer; tags: Record<string, string> }): Promise<string> };
  readonly metrics: { incidentRaised(incident: Incident, now: Date): void };
}

export interface SendMessage {
  readonly correspondenceId: string;
  readonly attempt: number;
}

export type SendOutcome = 'sent' | 'skipped' | 'already-claimed' | 'permanent-failure' | 'retrying' | 'incident';

export const messageKey = (id: string, attempt: number): string => `emails/${id}/attempt-${attempt}.eml`;

/** Refuses to send what must not go, right before SES: an invalidated address, or personal data. */
async function lastCheck(email: Email, ports: SenderPorts): Promise<string | undefined> {
  const rendered = email.rendered!;
  const found = findPersonalData(`${rendered.subject}\n${rendered.text}`);
  if (found.length > 0) return `The email contains personal data (${found.join(', ')}): it was not sent.`;
  const mark = await ports.addressMarks.get(rendered.to);
  if (mark && normaliseAddress(mark.address) === normaliseAddress(rendered.to)) {
    return `The recipient's email address ${mark.state === 'bounced' ? 'bounced permanently' : 'was the subject of a complaint'}: correct it on their record, then send again.`;
  }
  return undefined;
}

/** The email after a failed attempt: Error (permanent), Retrying (a retry left), or Incident Raised. */
export function afterFailure(email: Email, failure: SesFailure, now: Date): { next: Email; incident?: Incident } {
  const errors = [...email.errors, { at: now.toISOString(), kind: failure.kind, reason: failure.reason }];
  if (failure.kind === 'permanent') return { next: movedEmail(email, 'Error', systemActor, now, { errors }, failure.reason) };
  const send = email.send!;
  const firstFailureAt = send.firstFailureAt ?? now.toISOString();
  const nextAttemptAt = nextRetryAt(firstFailureAt, send.retriesUsed);
  if (nextAttemptAt) {
    return { next: movedEmail(email, 'Retrying', systemActor, now, { errors, send: { ...send, firstFailureAt, nextAttemptAt } }, failure.reason) };
  }
  const incident = newIncident(email, 'email-not-sent', `Not sent after ${send.retriesUsed} retries over 24 hours: ${failure.reason}`, now);
  return { next: movedEmail(email, 'Incident Raised', systemActor, now, { errors, incidentId: incident.incidentId, send: { ...send, firstFailureAt } }, incident.reason), incident };
}

export async function sendOnce(message: SendMessage, ports: SenderPorts, now: () => Date): Promise<SendOutcome> {
  const email = await ports.emails.get(message.correspondenceId);
  if (!email || email.status !== 'Sending' || email.send?.attempt !== message.attempt || !email.rendered) return 'skipped';
  if (email.send.claimedAt) return 'already-claimed';

  const refused = await lastCheck(email, ports);
  if (refused) {
    const { next } = afterFailure(email, { kind: 'permanent', reason: refused }, now());
    await ports.emails.record(email, next, 'EmailSendFailed', now());
    return 'permanent-failure';
  }

  const { rendered } = email;
  // The same bytes for every delivery of one attempt (its Date is when the attempt began), so a delivery
  // that loses the claim below can only rewrite the archived message with identical bytes.
  const raw = rawMessage({ from: rendered.from, to: rendered.to, subject: rendered.subject, text: rendered.text, html: rendered.html, date: new Date(email.updatedAt), reference: `${email.correspondenceId}-${message.attempt}` });
  const stored = { key: messageKey(email.correspondenceId, message.attempt), sha256: createHash('sha256').update(raw).digest('hex'), bytes: raw.length };
  await ports.archive.put(stored.key, raw);
  const claimed = await ports.emails.claim(email, stored, now());
  if (!claimed) return 'already-claimed';

  let messageId: string;
  try {
    messageId = await ports.ses.send({ from: rendered.from, to: rendered.to, raw, tags: { correspondenceId: email.correspondenceId, attempt: String(message.attempt) } });
  } catch (error) {
    const { next, incident } = afterFailure(claimed, classifySendFailure(error), now());
    await ports.emails.record(claimed, next, incident ? 'EmailIncidentRaised' : 'EmailSendFailed', now(), incident);
    if (incident) ports.metrics.incidentRaised(incident, now());
    return next.status === 'Error' ? 'permanent-failure' : incident ? 'incident' : 'retrying';
  }
  const at = now();
  const sent = movedEmail(claimed, 'Successfully Fulfilled', systemActor, at, { send: { ...claimed.send!, messageId, sentAt: at.toISOString() } });
  try {
    await ports.emails.record(claimed, sent, 'EmailSent', at);
  } catch (error) {
    // The SES Send event may have confirmed it first; anything else is left claimed for reconciliation.
    if ((await ports.emails.get(email.correspondenceId))?.status === 'Successfully Fulfilled') return 'sent';
    throw error;
  }
  return 'sent';
}
