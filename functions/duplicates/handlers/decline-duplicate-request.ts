import { httpHandler } from '../../platform/http-handler.ts';
import { duplicateFunctions } from '../functions.ts';
import { declineRequest } from '../use-cases.ts';

export const handler = httpHandler(duplicateFunctions.declineDuplicateRequest, async ({ params, body, expectedVersion, principal, role, now }) => {
  const request = await declineRequest(params.srNumber, expectedVersion, body.reason, { id: principal.id, role }, now);
  return { body: request, version: request.version };
});
