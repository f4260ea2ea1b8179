import { serviceRequestFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { clientServiceRequest } from '../client-view.ts';
import { serviceRequestStore } from '../store.ts';

export const handler = httpHandler(serviceRequestFunctions.listClientServiceRequests, async ({ params, query, role, assertOwn }) => {
  assertOwn(params.scin);
  const page = await serviceRequestStore.listForContact(params.scin, query);
  return { body: role === 'client' ? { ...page, items: page.items.map(clientServiceRequest) } : page };
});
