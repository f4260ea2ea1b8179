import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { systemActor } from '../../platform/audit.ts';
import { SrNumber } from '../../platform/identifiers.ts';
import { logger } from '../../platform/logger.ts';
import { allocateServiceRequest } from '../use-cases.ts';

const AllocationMessage = z.object({ srNumber: SrNumber });
const processor = new BatchProcessor(EventType.SQS);

async function allocateOne(record: SQSRecord): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    body = undefined;
  }
  const parsed = AllocationMessage.safeParse(body);
  if (!parsed.success) {
    // A malformed message can never succeed: log and drop it rather than retrying it into the DLQ forever.
    logger.error('malformed allocation message dropped', { messageId: record.messageId });
    return;
  }
  const outcome = await allocateServiceRequest(parsed.data.srNumber, systemActor, new Date());
  logger.info('allocation', { srNumber: parsed.data.srNumber, outcome });
}

/** Work allocation: SQS batch, failed messages reported individually so only they are retried. */
export const handler = middy<SQSEvent, SQSBatchResponse, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event, context) => processPartialResponse(event, allocateOne, processor, { context }));
