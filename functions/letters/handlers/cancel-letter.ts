import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { cancel } from '../approval.ts';

export const handler = httpHandler(letterFunctions.cancelLetter, async ({ params, body, expectedVersion, principal, role, now }) => {
  const letter = await cancel(params.correspondenceId, expectedVersion, body.reason, body.note, { id: principal.id, role }, now);
  return { body: letter, version: letter.version };
});
