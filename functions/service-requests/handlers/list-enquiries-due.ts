import { httpHandler } from '../../platform/http-handler.ts';
import { dueState, londonDate } from '../../platform/working-days.ts';
import { serviceRequestFunctions } from '../functions.ts';
import { serviceRequestStore } from '../store.ts';

/** The 2-day promise: a segment's unanswered enquiries due today or overdue (London dates). */
export const handler = httpHandler(serviceRequestFunctions.listEnquiriesDue, async ({ params, query, now }) => {
  const today = londonDate(now);
  const page = await serviceRequestStore.enquiriesDue(params.segment, today, query);
  return { body: { today, ...page, items: page.items.map((e) => ({ ...e, state: dueState(e.dueBy, today) })) } };
});
