import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { approve } from '../approval.ts';

export const handler = httpHandler(letterFunctions.approveLetter, async ({ params, body, expectedVersion, principal, role, now }) => {
  const letter = await approve(params.correspondenceId, expectedVersion, body.correction, { id: principal.id, role }, now);
  return { body: letter, version: letter.version };
});
