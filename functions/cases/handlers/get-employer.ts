import { caseFunctions } from '../functions.ts';
import { contactReachable } from '../../platform/case-reach.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { Problem } from '../../platform/problem.ts';
import { employerStore } from '../store.ts';

export const handler = httpHandler(caseFunctions.getEmployer, async ({ params }) => {
  // Staff see a employer only through a case of their segments.
  const found = (await contactReachable(params.ern)) ? await employerStore.get(params.ern) : undefined;
  if (!found) throw new Problem('notFound', `There is no employer ${params.ern}.`);
  return { body: found, version: found.version };
});
