import { Problem } from '../../platform/problem.ts';
import type { Letter, LetterStatus } from '../schemas.ts';
import { statusMove } from '../../correspondence/domain/status-move.ts';

/** Correspondence Status transitions (this issue and the approval/fulfilment workflow). */
export const letterTransitions: Readonly<Record<LetterStatus, readonly LetterStatus[]>> = {
  Draft: ['Rendering', 'Cancelled'],
  Rendering: ['Generated', 'Ready for Fulfilment', 'Held', 'Error In Generation', 'Cancelled'],
  // Generated -> Draft only when self-approval returns it for a Welsh translation.
  Generated: ['Pending Approval', 'Ready for Fulfilment', 'Held', 'Draft', 'Cancelled'],
  'Error In Generation': ['Draft', 'Cancelled'],
  'Pending Approval': ['Ready for Fulfilment', 'Held', 'Rendering', 'Draft', 'Cancelled'],
  'Ready for Fulfilment': ['Held', 'Sent to Fulfilment House', 'Successfully Fulfilled', 'Cancelled'],
  Held: ['Ready for Fulfilment', 'Cancelled'],
  // Picked up by the print batch: too late to cancel.
  'Sent to Fulfilment House': ['Successfully Fulfilled', 'Error in Fulfilment'],
  'Error in Fulfilment': ['Cancelled'],
  'Successfully Fulfilled': [],
  Cancelled: [],
};

export function assertTransition(from: LetterStatus, to: LetterStatus, correspondenceId: string): void {
  if (letterTransitions[from].includes(to)) return;
  const detail =
    from === 'Successfully Fulfilled'
      ? `${correspondenceId} has been Successfully Fulfilled: its status can no longer change.`
      : `${correspondenceId} is ${from} and cannot become ${to}. From ${from} it can become: ${letterTransitions[from].join(', ') || 'nothing (final)'}.`;
  throw new Problem('illegalTransition', detail, { from, to, allowed: letterTransitions[from] });
}

/** Editing is possible only before generation (and again after a rejection returns the letter to Draft). */
export function assertEditable(status: LetterStatus, correspondenceId: string): void {
  if (status !== 'Draft') {
    throw new Problem('conflict', `${correspondenceId} is ${status}: once generated a letter is read-only and cannot be edited.`, { currentStatus: status });
  }
}

/** The letter moved to `status` (a legal transition only), with its status history, who and when. */
export const moved = statusMove<LetterStatus, Letter>(assertTransition);
