import { caseFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { Problem } from '../../platform/problem.ts';
import { caseStore } from '../store.ts';

export const handler = httpHandler(caseFunctions.getCase, async ({ params }) => {
  const found = await caseStore.get(params.caseNumber);
  if (!found) throw new Problem('notFound', `There is no case ${params.caseNumber}.`);
  return { body: found, version: found.version };
});
