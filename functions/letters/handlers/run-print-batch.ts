import { scheduledHandler } from '../../platform/event-handlers.ts';
import { runPrintBatch } from '../print-batch.ts';

/** Scheduled at the cut-off (17:30 London). Run by hand with { batchDate } to repair a past day's batch. */
export const handler = scheduledHandler(async (event: { batchDate?: unknown } | undefined) => {
  const batchDate = typeof event?.batchDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(event.batchDate) ? event.batchDate : undefined;
  return runPrintBatch(batchDate ? { batchDate } : {}, new Date());
});
