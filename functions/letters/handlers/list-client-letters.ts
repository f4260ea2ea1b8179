import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { clientLetter } from '../client-view.ts';
import { sentStatuses } from '../queries.ts';
import { letterStore } from '../store.ts';

export const handler = httpHandler(letterFunctions.listClientLetters, async ({ params, query, role, assertOwn }) => {
  assertOwn(params.scin);
  // In the portal a client sees the letters that were sent to them, not drafts.
  if (role !== 'client') return { body: await letterStore.listForContact(params.scin, query) };
  const page = await letterStore.listForContact(params.scin, query, sentStatuses);
  return { body: { ...page, items: page.items.map(clientLetter) } };
});
