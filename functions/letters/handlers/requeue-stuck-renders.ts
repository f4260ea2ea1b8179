import { logger } from '../../platform/logger.ts';
import { scheduledHandler } from '../../platform/event-handlers.ts';
import { sweep } from '../../platform/sweep.ts';
import { letterStore } from '../store.ts';
import { requestRender } from '../use-cases.ts';

/** A letter Rendering for longer than this is assumed to have lost its render message. */
export const staleAfterMs = 5 * 60 * 1000;

/** Scheduled: re-sends render jobs for letters left waiting for their PDF (rendering is idempotent). */
export const handler = scheduledHandler(async (event: { staleAfterSeconds?: unknown } | undefined) => {
  const result = await sweep(event, staleAfterMs, (olderThan, page) => letterStore.waitingForRender(olderThan, page), requestRender);
  logger.info('requeued letters waiting for their PDF', result);
  return result;
});
