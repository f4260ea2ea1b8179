import { logger } from '../../platform/logger.ts';
import { scheduledHandler } from '../../platform/event-handlers.ts';
import { sweep } from '../../platform/sweep.ts';
import { serviceRequestStore } from '../store.ts';
import { requestAllocation } from '../use-cases.ts';

/** An SR waiting longer than this for allocation is assumed to have lost its message. */
export const staleAfterMs = 2 * 60 * 1000;

/** Scheduled: re-sends allocation messages for SRs left waiting (allocation is idempotent). */
export const handler = scheduledHandler(async (event: { staleAfterSeconds?: unknown } | undefined) => {
  const result = await sweep(event, staleAfterMs, (olderThan, page) => serviceRequestStore.awaitingAllocation(olderThan, page), requestAllocation);
  logger.info('requeued unallocated SRs', result);
  return result;
});
