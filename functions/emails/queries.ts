import type { Email, EmailStatus } from './schemas.ts';

/** Emails a client sees in the portal: the ones sent to them. */
export const sentEmailStatuses: readonly EmailStatus[] = ['Successfully Fulfilled'];

/** What a client sees of an email: what they received, with no internal history, staff ids or reasons. */
export function clientView(email: Email) {
  return {
    correspondenceId: email.correspondenceId,
    channel: email.channel,
    status: email.status,
    template: email.template,
    createdAt: email.createdAt,
    subject: email.rendered?.subject ?? '',
    text: email.rendered?.text ?? '',
    html: email.rendered?.html ?? '',
    ...(email.send?.sentAt ? { sentAt: email.send.sentAt } : {}),
  };
}
