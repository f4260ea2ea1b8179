import { caseFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { validationProblem } from '../../platform/problem.ts';
import { caseStore } from '../store.ts';

export const handler = httpHandler(caseFunctions.upsertCase, async ({ params, body, expectedVersion, principal, role, now }) => {
  if (body.caseNumber !== params.caseNumber) throw validationProblem([{ field: 'body.caseNumber', rule: 'must match the case number in the path' }]);
  const stored = await caseStore.upsert(body, expectedVersion, { id: principal.id, role }, now);
  return { body: stored, version: stored.version };
});
