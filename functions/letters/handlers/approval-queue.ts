import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { approvalQueue } from '../work-queues.ts';

export const handler = httpHandler(letterFunctions.approvalQueue, async ({ params, query }) => ({ body: await approvalQueue(params.segment, query) }));
