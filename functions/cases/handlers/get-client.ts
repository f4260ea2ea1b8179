import { caseFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { Problem } from '../../platform/problem.ts';
import { clientStore } from '../store.ts';

export const handler = httpHandler(caseFunctions.getClient, async ({ params, assertOwn }) => {
  assertOwn(params.scin);
  const found = await clientStore.get(params.scin);
  if (!found) throw new Problem('notFound', `There is no client ${params.scin}.`);
  return { body: found, version: found.version };
});
