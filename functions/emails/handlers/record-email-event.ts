import { sqsBatchHandler } from '../../platform/event-handlers.ts';
import { logger } from '../../platform/logger.ts';
import { recordSesEvent, SesEventMessage } from '../delivery-events.ts';

/** SES events from the configuration set: Delivered, Bounced, Complained... recorded once each. */
export const handler = sqsBatchHandler('recordEmailEvent', SesEventMessage, async (event) => {
  const outcome = await recordSesEvent(event, new Date());
  logger.info('ses event', { eventType: event.eventType, outcome });
});
