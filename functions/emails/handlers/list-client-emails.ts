import { httpHandler } from '../../platform/http-handler.ts';
import { emailFunctions } from '../functions.ts';
import { clientView, sentEmailStatuses } from '../queries.ts';
import { emailStore } from '../store.ts';

export const handler = httpHandler(emailFunctions.listClientEmails, async ({ params, query, role, assertOwn }) => {
  assertOwn(params.scin);
  if (role !== 'client') return { body: await emailStore.listForContact(params.scin, query) };
  // In the portal a client sees the emails that were sent to them, as they received them.
  const page = await emailStore.listForContact(params.scin, query, sentEmailStatuses);
  return { body: { ...page, items: page.items.map(clientView) } };
});
