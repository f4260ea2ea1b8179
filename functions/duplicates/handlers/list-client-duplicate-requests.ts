import { httpHandler } from '../../platform/http-handler.ts';
import { duplicateFunctions } from '../functions.ts';
import { duplicateRequestStore } from '../store.ts';
import { clientView } from '../use-cases.ts';

export const handler = httpHandler(duplicateFunctions.listClientDuplicateRequests, async ({ params, query, role, assertOwn }) => {
  assertOwn(params.scin);
  const page = await duplicateRequestStore.listForContact(params.scin, query);
  return { body: role === 'client' ? { ...page, items: page.items.map(clientView) } : page };
});
