import { correspondenceFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { myActivities } from '../work-queues.ts';

export const handler = httpHandler(correspondenceFunctions.myActivities, async ({ principal }) => ({ body: await myActivities(principal.id) }));
