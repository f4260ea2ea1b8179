import { httpHandler } from '../../platform/http-handler.ts';
import { Problem } from '../../platform/problem.ts';
import { emailFunctions } from '../functions.ts';
import { incidentStore } from '../incidents.ts';

export const handler = httpHandler(emailFunctions.getIncident, async ({ params }) => {
  const incident = await incidentStore.get(params.incidentId);
  if (!incident) throw new Problem('notFound', `There is no incident ${params.incidentId}.`);
  return { body: incident };
});
