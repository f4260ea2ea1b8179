import { httpHandler } from '../../platform/http-handler.ts';
import { duplicateFunctions } from '../functions.ts';
import { acceptRequest } from '../use-cases.ts';

export const handler = httpHandler(duplicateFunctions.acceptDuplicateRequest, async ({ params, expectedVersion, principal, role, now }) => {
  const request = await acceptRequest(params.srNumber, expectedVersion, { id: principal.id, role }, now);
  return { body: request, version: request.version };
});
