import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../../platform/logger.ts';
import { runPrintBatch } from '../print-batch.ts';

/** Scheduled at the cut-off (17:30 London). Run by hand with { batchDate } to repair a past day's batch. */
export const handler = middy<{ batchDate?: unknown } | undefined, unknown, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event) => {
    const batchDate = typeof event?.batchDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(event.batchDate) ? event.batchDate : undefined;
    return runPrintBatch(batchDate ? { batchDate } : {}, new Date());
  });
