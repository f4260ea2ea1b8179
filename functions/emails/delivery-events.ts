import { createHash } from 'node:crypto';
import * as z from 'zod';
import { auditItem, systemActor } from '../platform/audit.ts';
import { ConditionFailed, table, transact } from '../platform/dynamo.ts';
import { keys } from '../platform/keys.ts';
import { normaliseAddress } from './domain/eligibility.ts';
import { movedEmail } from './domain/status.ts';
import type { Email } from './schemas.ts';
import { outcomeWrites } from './sender-adapters.ts';
import { addressMarks, emailStore } from './store.ts';

/**
 * SES events from the configuration set (SNS raw delivery into the EmailEvents queue): recorded against
 * the email and its contact. A permanent bounce or a complaint marks the address invalid until the
 * record changes. A Send (or any later) event for an attempt whose outcome was never saved confirms that
 * it was sent: that is how a crash between the SES call and the status write is reconciled.
 */

const Recipients = z.array(z.looseObject({ emailAddress: z.string() }));

export const SesEvent = z.looseObject({
  eventType: z.enum(['Send', 'Delivery', 'Bounce', 'Complaint', 'Reject', 'DeliveryDelay', 'RenderingFailure', 'Open', 'Click', 'Subscription']),
  mail: z.looseObject({
    timestamp: z.string(),
    messageId: z.string(),
    destination: z.array(z.string()).default([]),
    tags: z.record(z.string(), z.array(z.string())).default({}),
  }),
  bounce: z.looseObject({ bounceType: z.string(), bounceSubType: z.string().optional(), bouncedRecipients: Recipients.default([]), timestamp: z.string() }).optional(),
  complaint: z.looseObject({ complainedRecipients: Recipients.default([]), timestamp: z.string(), complaintFeedbackType: z.string().optional() }).optional(),
  delivery: z.looseObject({ timestamp: z.string() }).optional(),
  deliveryDelay: z.looseObject({ timestamp: z.string(), delayType: z.string().optional() }).optional(),
  reject: z.looseObject({ reason: z.string().optional() }).optional(),
});
export type SesEvent = z.infer<typeof SesEvent>;

/** SNS without raw message delivery wraps the event; both shapes are accepted. */
export const SesEventMessage = z.union([SesEvent, z.looseObject({ Type: z.literal('Notification'), Message: z.string() }).transform((n, ctx) => {
  const parsed = SesEvent.safeParse((() => {
    try {
      return JSON.parse(n.Message) as unknown;
    } catch {
      return undefined;
    }
  })());
  if (!parsed.success) {
    ctx.addIssue({ code: 'custom', message: 'the SNS notification does not carry an SES event' });
    return z.NEVER;
  }
  return parsed.data;
})]);

const stateOf = { Send: 'Sent', Delivery: 'Delivered', DeliveryDelay: 'Delayed', Bounce: 'Bounced', Complaint: 'Complained', Reject: 'Rejected' } as const;

function detailOf(event: SesEvent): string | undefined {
  if (event.bounce) return `${event.bounce.bounceType} bounce${event.bounce.bounceSubType ? ` (${event.bounce.bounceSubType})` : ''}`;
  if (event.complaint) return `Complaint${event.complaint.complaintFeedbackType ? ` (${event.complaint.complaintFeedbackType})` : ''}`;
  if (event.deliveryDelay?.delayType) return `Delayed (${event.deliveryDelay.delayType})`;
  if (event.reject?.reason) return `Rejected (${event.reject.reason})`;
  return undefined;
}

const eventTime = (event: SesEvent): string => event.bounce?.timestamp ?? event.complaint?.timestamp ?? event.delivery?.timestamp ?? event.deliveryDelay?.timestamp ?? event.mail.timestamp;

/** An unsettled attempt SES has now confirmed: the email was sent. */
const confirms = (email: Email, event: SesEvent): boolean =>
  ['Sending', 'Retrying', 'Incident Raised'].includes(email.status) && Boolean(email.send?.claimedAt) && event.mail.tags.attempt?.[0] === String(email.send?.attempt);

export type EventOutcome = 'recorded' | 'duplicate' | 'not-ours' | 'ignored';

export async function recordSesEvent(event: SesEvent, now: Date): Promise<EventOutcome> {
  const id = event.mail.tags.correspondenceId?.[0];
  const state = stateOf[event.eventType as keyof typeof stateOf];
  if (!id) return 'not-ours';
  if (!state) return 'ignored';
  const email = await emailStore.get(id);
  if (!email) return 'not-ours';
  const at = new Date(Date.parse(eventTime(event)) || now.getTime()).toISOString();
  const detail = detailOf(event);
  const recorded = { type: state, at, ...(detail ? { detail } : {}) };
  const fields: Partial<Email> = { deliveryEvents: [...email.deliveryEvents, recorded], ...(state !== 'Sent' || !email.delivery ? { delivery: { state, at, ...(detail ? { detail } : {}) } } : {}) };
  const next = confirms(email, event)
    ? movedEmail(email, 'Successfully Fulfilled', systemActor, now, { ...fields, send: { ...email.send!, messageId: event.mail.messageId, sentAt: event.mail.timestamp } }, 'Confirmed by SES')
    : { ...email, ...fields, updatedBy: systemActor.id, updatedAt: now.toISOString(), version: email.version + 1 };
  const invalidates = (event.eventType === 'Bounce' && event.bounce?.bounceType === 'Permanent') || event.eventType === 'Complaint';
  const addresses = [...(event.bounce?.bouncedRecipients ?? []), ...(event.complaint?.complainedRecipients ?? [])].map((r) => normaliseAddress(r.emailAddress));
  const eventKey = createHash('sha256').update(`${event.mail.messageId}|${event.eventType}|${eventTime(event)}`).digest('hex').slice(0, 24);
  try {
    await transact([
      { Put: { TableName: table(), Item: { ...keys.emailEvent(id, eventKey), recordType: 'EmailEvent', eventType: event.eventType, at }, ConditionExpression: 'attribute_not_exists(PK)' } },
      ...(await outcomeWrites(email, next, next.status !== email.status ? 'EmailSendConfirmed' : `Email${state}`, now)),
      ...(invalidates ? addresses.map((address) => addressMarks.put({ address, state: event.eventType === 'Complaint' ? 'complained' : 'bounced', at, contactRef: email.contactRef, correspondenceId: id })) : []),
      ...(invalidates
        ? [auditItem({ actor: systemActor, action: 'EmailAddressInvalidated', entity: { type: 'Contact', id: email.contactRef, pk: keys.client(email.contactRef).PK }, contactRef: email.contactRef, caseNumber: email.caseNumber, after: { reason: event.eventType === 'Complaint' ? 'complaint' : 'permanent bounce', correspondenceId: id }, now })]
        : []),
    ]);
  } catch (error) {
    // The event was already recorded (a redelivery): nothing to do. Anything else is retried.
    if (error instanceof ConditionFailed && error.failed.includes(0)) return 'duplicate';
    throw error;
  }
  return 'recorded';
}
