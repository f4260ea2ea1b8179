import { serviceRequestFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { serviceRequestStore } from '../store.ts';

export const handler = httpHandler(serviceRequestFunctions.listClientServiceRequests, async ({ params, query, assertOwn }) => {
  assertOwn(params.scin);
  return { body: await serviceRequestStore.listForContact(params.scin, query) };
});
