import { caseFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { validationProblem } from '../../platform/problem.ts';
import { clientStore } from '../store.ts';

export const handler = httpHandler(caseFunctions.upsertClient, async ({ params, body, expectedVersion, principal, role, now }) => {
  if (body.scin !== params.scin) throw validationProblem([{ field: 'body.scin', rule: 'must match the SCIN in the path' }]);
  const stored = await clientStore.upsert(body, expectedVersion, { id: principal.id, role }, now);
  return { body: stored, version: stored.version };
});
