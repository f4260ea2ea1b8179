import { correspondenceFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { approvalSummary } from '../work-queues.ts';

export const handler = httpHandler(correspondenceFunctions.approvalSummary, async ({ params, now }) => ({ body: await approvalSummary(params.segment, now) }));
