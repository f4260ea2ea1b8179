/**
 * What to do when SES refuses or fails a send (the procedure: correct what can be corrected; otherwise
 * retry 3 times over 24 hours, then raise an incident).
 * - permanent: the message can never go as it is (rejected, invalid or suppressed address, unverified
 *   sender): the email shows Error with the reason and the caseworker corrects the record.
 * - transient: throttling, SES 5xx, time-outs: retried by the schedule.
 */
export type FailureKind = 'permanent' | 'transient';

const permanentNames = new Set(['MessageRejected', 'BadRequestException', 'MailFromDomainNotVerifiedException', 'AccountSuspendedException', 'SendingPausedException', 'NotFoundException', 'InvalidParameterValue']);
const transientNames = new Set(['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException', 'Throttling', 'InternalFailure', 'ServiceUnavailable', 'InternalServerError', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE']);

export interface SesFailure {
  readonly kind: FailureKind;
  /** For the error tab: the kind of failure, never the message text (it may quote the address). */
  readonly reason: string;
}

export function classifySendFailure(error: unknown): SesFailure {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $fault?: string };
  const name = e?.name ?? e?.code ?? 'UnknownError';
  const status = e?.$metadata?.httpStatusCode;
  if (permanentNames.has(name)) return { kind: 'permanent', reason: `SES refused the email (${name}): check the recipient's email address on their record.` };
  if (transientNames.has(name) || e?.$fault === 'server' || (status !== undefined && status >= 500)) return { kind: 'transient', reason: `SES could not send the email just now (${name}); it will be retried.` };
  if (status !== undefined && status >= 400) return { kind: 'permanent', reason: `SES refused the email (${name}).` };
  // No answer at all (the connection dropped): treated as transient. The retry comes hours later, by
  // which time a message SES did send has been confirmed by its Send event (see delivery-events.ts).
  return { kind: 'transient', reason: `The email could not be handed to SES (${name}); it will be retried.` };
}

/** Exactly 3 retries spread over 24 hours, counted from the first failure: after 1, 6 and 24 hours. */
export const retryOffsetsHours = [1, 6, 24] as const;

export function nextRetryAt(firstFailureAt: string, retriesUsed: number): string | undefined {
  const offset = retryOffsetsHours[retriesUsed];
  return offset === undefined ? undefined : new Date(Date.parse(firstFailureAt) + offset * 3600_000).toISOString();
}
