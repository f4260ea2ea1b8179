import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { logger } from './logger.ts';

/**
 * An SQS consumer: each message is parsed with `schema` and handled on its own, and failures are
 * reported per message (partial batch response) so only they are retried and, in the end, dead-lettered.
 * A malformed message can never succeed, but it is not dropped: it fails, and after the queue's
 * maxReceiveCount it lands in the dead-letter queue, where a person can read it (and the DLQ alarm fires).
 */
export function sqsBatchHandler<S extends z.ZodType>(name: string, schema: S, handle: (message: z.output<S>, record: SQSRecord) => Promise<void>) {
  const processor = new BatchProcessor(EventType.SQS);
  const one = async (record: SQSRecord): Promise<void> => {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      logger.error('malformed message: left for the dead-letter queue', { consumer: name, messageId: record.messageId });
      throw new Error(`Malformed message ${record.messageId} for ${name}`);
    }
    await handle(parsed.data, record);
  };
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event, context) => processPartialResponse(event, one, processor, { context }));
}

/** For scheduled handlers: the Lambda context in the logs. */
export function scheduledHandler<E, R>(run: (event: E | undefined) => Promise<R>) {
  return middy<E | undefined, R, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event) => run(event));
}
