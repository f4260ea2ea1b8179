import { systemActor } from '../platform/audit.ts';
import { ConditionFailed, transact } from '../platform/dynamo.ts';
import { logger } from '../platform/logger.ts';
import type { PageQuery } from '../platform/shared-schemas.ts';
import { movedEmail } from './domain/status.ts';
import { emitIncidentMetric, newIncident } from './incidents.ts';
import type { Email } from './schemas.ts';
import { outcomeWrites } from './sender-adapters.ts';
import { emailStore } from './store.ts';
import { requestSend } from './use-cases.ts';

/**
 * The email schedule (every 15 minutes):
 * - a transient failure's retry that is due goes back to the sender as the next attempt (3 retries over
 *   24 hours; the sender raises the incident when the last one fails);
 * - a send whose queue message was lost (Sending, never claimed) is handed to the sender again;
 * - a claimed send whose outcome was never saved nor confirmed by SES within `unknownAfterMinutes`
 *   becomes an incident for a person to check: it is never resent blindly.
 */

export interface SweepOptions {
  readonly now: Date;
  /** A Sending email not claimed for this long has lost its message. */
  readonly lostAfterSeconds: number;
  /** A claimed send unconfirmed for this long has an unknown outcome. */
  readonly unknownAfterMinutes: number;
}

export interface SweepResult {
  readonly retried: number;
  readonly resent: number;
  readonly unknown: number;
}

async function eachPage(list: (page: PageQuery) => Promise<{ items: Email[]; nextCursor?: string }>, visit: (email: Email) => Promise<void>): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const email of page.items) {
      try {
        await visit(email);
      } catch (error) {
        // Changed meanwhile (sent, confirmed or cancelled): the next run looks again.
        if (!(error instanceof ConditionFailed)) throw error;
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
}

export async function sweepEmails(options: SweepOptions): Promise<SweepResult> {
  const { now } = options;
  let retried = 0;
  let resent = 0;
  let unknown = 0;
  await eachPage((page) => emailStore.retriesDue(now.toISOString(), page), async (email) => {
    const send = email.send!;
    const next = movedEmail(email, 'Sending', systemActor, now, { send: { ...send, attempt: send.attempt + 1, retriesUsed: send.retriesUsed + 1, claimedAt: undefined, message: undefined, nextAttemptAt: undefined } }, `Retry ${send.retriesUsed + 1} of 3`);
    await transact(await outcomeWrites(email, next, 'EmailRetried', now));
    await requestSend(next);
    retried++;
  });
  const lostBefore = new Date(now.getTime() - options.lostAfterSeconds * 1000).toISOString();
  await eachPage((page) => emailStore.sendingSince(lostBefore, page), async (email) => {
    if (!email.send?.claimedAt) {
      await requestSend(email);
      resent++;
      return;
    }
    if (now.getTime() - Date.parse(email.send.claimedAt) < options.unknownAfterMinutes * 60_000) return;
    const reason = `The send of attempt ${email.send.attempt} was handed to SES at ${email.send.claimedAt} but its outcome was never recorded or confirmed. Check the SES sending log for the email's id before sending it again.`;
    const incident = newIncident(email, 'email-send-outcome-unknown', reason, now);
    const next = movedEmail(email, 'Incident Raised', systemActor, now, { incidentId: incident.incidentId, errors: [...email.errors, { at: now.toISOString(), kind: 'unknown', reason }] }, reason);
    await transact(await outcomeWrites(email, next, 'EmailIncidentRaised', now, incident));
    emitIncidentMetric(incident, now);
    unknown++;
  });
  if (retried + resent + unknown > 0) logger.info('email sweep', { retried, resent, unknown });
  return { retried, resent, unknown };
}
