import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { logger } from '../../platform/logger.ts';
import { serviceRequestStore } from '../store.ts';
import { requestAllocation } from '../use-cases.ts';

/** An SR waiting longer than this for allocation is assumed to have lost its message. */
export const staleAfterMs = 2 * 60 * 1000;

/** Scheduled: re-sends allocation messages for SRs left waiting (at-least-once; allocation is idempotent). */
async function requeue(event?: { staleAfterSeconds?: unknown }): Promise<{ requeued: number }> {
  // A run by hand may shorten the wait (e.g. straight after an SQS outage); the schedule uses the default.
  const wait = typeof event?.staleAfterSeconds === 'number' && event.staleAfterSeconds >= 0 ? event.staleAfterSeconds * 1000 : staleAfterMs;
  const olderThan = new Date(Date.now() - wait).toISOString();
  let requeued = 0;
  let cursor: string | undefined;
  do {
    const page = await serviceRequestStore.awaitingAllocation(olderThan, { limit: 100, cursor });
    for (const sr of page.items) await requestAllocation(sr);
    requeued += page.items.length;
    cursor = page.nextCursor;
  } while (cursor && requeued < 1000);
  logger.info('requeued unallocated SRs', { requeued });
  return { requeued };
}

export const handler = middy<{ staleAfterSeconds?: unknown } | undefined, { requeued: number }, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event) => requeue(event));
