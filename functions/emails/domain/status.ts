import { Problem } from '../../platform/problem.ts';
import type { Email, EmailStatus } from '../schemas.ts';
import { statusMove } from '../../correspondence/domain/status-move.ts';

/** Email Status transitions (see schemas.ts). */
export const emailTransitions: Readonly<Record<EmailStatus, readonly EmailStatus[]>> = {
  Draft: ['Generated', 'Cancelled'],
  // Composing a generated email sends it back to Draft: it must be generated (and checked) again.
  Generated: ['Draft', 'Pending Approval', 'Cancelled'],
  'Pending Approval': ['Approved', 'Draft', 'Cancelled'],
  Approved: ['Sending', 'Cancelled'],
  Sending: ['Successfully Fulfilled', 'Error', 'Retrying', 'Incident Raised'],
  Retrying: ['Sending', 'Successfully Fulfilled', 'Incident Raised'],
  Error: ['Sending', 'Cancelled'],
  'Incident Raised': ['Sending', 'Successfully Fulfilled', 'Cancelled'],
  'Successfully Fulfilled': [],
  Cancelled: [],
};

export function assertEmailTransition(from: EmailStatus, to: EmailStatus, id: string): void {
  if (emailTransitions[from].includes(to)) return;
  const allowed = emailTransitions[from];
  throw new Problem('illegalTransition', `${id} is ${from} and cannot become ${to}. From ${from} it can become: ${allowed.join(', ') || 'nothing (final)'}.`, { from, to, allowed });
}

/** The email moved to `status` (a legal transition only), with its status history, who and when. */
export const movedEmail = statusMove<EmailStatus, Email>(assertEmailTransition);

export const editableStatuses: readonly EmailStatus[] = ['Draft', 'Generated'];
