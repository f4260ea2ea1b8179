import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { reject } from '../approval.ts';

export const handler = httpHandler(letterFunctions.rejectLetter, async ({ params, body, expectedVersion, principal, role, now }) => {
  const letter = await reject(params.correspondenceId, expectedVersion, body.reasons, { id: principal.id, role }, now);
  return { body: letter, version: letter.version };
});
