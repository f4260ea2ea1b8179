import * as z from 'zod';
import { sqsBatchHandler } from '../../platform/event-handlers.ts';
import { logger } from '../../platform/logger.ts';
import { EmailId } from '../schemas.ts';
import { sendOnce } from '../sender.ts';
import { senderPorts } from '../sender-adapters.ts';
import { sendSettings } from '../settings.ts';

const ports = senderPorts(sendSettings());

/** Sends each attempt once: the claim is taken before SES is called (sender.ts). */
export const handler = sqsBatchHandler('sendEmail', z.object({ correspondenceId: EmailId, attempt: z.number().int().positive() }), async (message) => {
  const outcome = await sendOnce(message, ports, () => new Date());
  logger.info('email send', { correspondenceId: message.correspondenceId, attempt: message.attempt, outcome });
});
