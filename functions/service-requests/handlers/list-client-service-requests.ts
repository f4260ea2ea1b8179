import { httpHandler } from '../../platform/http-handler.ts';
import { serviceRequestStore } from '../store.ts';

export const handler = httpHandler('listClientServiceRequests', async ({ params, query, assertOwn }) => {
  assertOwn(params.scin);
  return { body: await serviceRequestStore.listForContact(params.scin, query) };
});
