import * as z from 'zod';
import { systemActor } from '../../platform/audit.ts';
import { SrNumber } from '../../platform/identifiers.ts';
import { logger } from '../../platform/logger.ts';
import { sqsBatchHandler } from '../../platform/event-handlers.ts';
import { allocateServiceRequest } from '../use-cases.ts';

/** Work allocation: assigns each Pending Assignment SR in the batch. */
export const handler = sqsBatchHandler('allocateWork', z.object({ srNumber: SrNumber }), async ({ srNumber }) => {
  const outcome = await allocateServiceRequest(srNumber, systemActor, new Date());
  logger.info('allocation', { srNumber, outcome });
});
