import { caseFunctions } from '../functions.ts';
import { contactReachable } from '../../platform/case-reach.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { Problem } from '../../platform/problem.ts';
import { clientStore } from '../store.ts';

export const handler = httpHandler(caseFunctions.getClient, async ({ params, assertOwn }) => {
  assertOwn(params.scin);
  // Staff see a client only through a case of their segments.
  const found = (await contactReachable(params.scin)) ? await clientStore.get(params.scin) : undefined;
  if (!found) throw new Problem('notFound', `There is no client ${params.scin}.`);
  return { body: found, version: found.version };
});
