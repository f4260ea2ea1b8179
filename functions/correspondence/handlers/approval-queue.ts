import { correspondenceFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { approvalQueue } from '../work-queues.ts';

export const handler = httpHandler(correspondenceFunctions.approvalQueue, async ({ params, query }) => ({ body: await approvalQueue(params.segment, query) }));
