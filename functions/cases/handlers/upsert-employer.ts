import { caseFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { validationProblem } from '../../platform/problem.ts';
import { employerStore } from '../store.ts';

export const handler = httpHandler(caseFunctions.upsertEmployer, async ({ params, body, expectedVersion, principal, role, now }) => {
  if (body.ern !== params.ern) throw validationProblem([{ field: 'body.ern', rule: 'must match the ERN in the path' }]);
  const stored = await employerStore.upsert(body, expectedVersion, { id: principal.id, role }, now);
  return { body: stored, version: stored.version };
});
