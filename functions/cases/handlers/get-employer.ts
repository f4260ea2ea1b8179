import { caseFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { Problem } from '../../platform/problem.ts';
import { employerStore } from '../store.ts';

export const handler = httpHandler(caseFunctions.getEmployer, async ({ params }) => {
  const found = await employerStore.get(params.ern);
  if (!found) throw new Problem('notFound', `There is no employer ${params.ern}.`);
  return { body: found, version: found.version };
});
