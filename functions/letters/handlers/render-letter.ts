import * as z from 'zod';
import { logger } from '../../platform/logger.ts';
import { letterRenderQueue } from '../../platform/resources.ts';
import { sqsBatchHandler } from '../../platform/event-handlers.ts';
import { renderLetter } from '../render-job.ts';
import { CorrespondenceId } from '../schemas.ts';

/** Renders letter PDFs from the render queue. */
export const handler = sqsBatchHandler('renderLetter', z.object({ correspondenceId: CorrespondenceId, round: z.number().int().positive() }), async ({ correspondenceId, round }, record) => {
  const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
  const outcome = await renderLetter(correspondenceId, round, { receiveCount, maxReceiveCount: letterRenderQueue.maxReceiveCount }, new Date());
  logger.info('render', { correspondenceId, round, outcome });
});
