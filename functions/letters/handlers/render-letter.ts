import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '../../platform/logger.ts';
import { letterRenderQueue } from '../../platform/resources.ts';
import { renderLetter } from '../render-job.ts';
import { CorrespondenceId } from '../schemas.ts';

const RenderMessage = z.object({ correspondenceId: CorrespondenceId, round: z.number().int().positive() });
const processor = new BatchProcessor(EventType.SQS);

async function renderOne(record: SQSRecord): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    body = undefined;
  }
  const parsed = RenderMessage.safeParse(body);
  if (!parsed.success) {
    logger.error('malformed render message dropped', { messageId: record.messageId });
    return;
  }
  const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
  const outcome = await renderLetter(parsed.data.correspondenceId, parsed.data.round, { receiveCount, maxReceiveCount: letterRenderQueue.maxReceiveCount }, new Date());
  logger.info('render', { correspondenceId: parsed.data.correspondenceId, round: parsed.data.round, outcome });
}

/** Renders letter PDFs from the render queue; failures are reported per message. */
export const handler = middy<SQSEvent, SQSBatchResponse, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event, context) => processPartialResponse(event, renderOne, processor, { context }));
