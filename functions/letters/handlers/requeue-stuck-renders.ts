import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../../platform/logger.ts';
import { letterStore } from '../store.ts';
import { requestRender } from '../use-cases.ts';

/** A letter Rendering for longer than this is assumed to have lost its render message. */
export const staleAfterMs = 5 * 60 * 1000;

async function requeue(event?: { staleAfterSeconds?: unknown }): Promise<{ requeued: number }> {
  const wait = typeof event?.staleAfterSeconds === 'number' && event.staleAfterSeconds >= 0 ? event.staleAfterSeconds * 1000 : staleAfterMs;
  const olderThan = new Date(Date.now() - wait).toISOString();
  let requeued = 0;
  let cursor: string | undefined;
  do {
    const page = await letterStore.waitingForRender(olderThan, { limit: 100, cursor });
    for (const letter of page.items) await requestRender(letter);
    requeued += page.items.length;
    cursor = page.nextCursor;
  } while (cursor && requeued < 1000);
  logger.info('requeued letters waiting for their PDF', { requeued });
  return { requeued };
}

export const handler = middy<{ staleAfterSeconds?: unknown } | undefined, { requeued: number }, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event) => requeue(event));
