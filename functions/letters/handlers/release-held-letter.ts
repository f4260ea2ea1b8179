import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { releaseHeld } from '../approval.ts';

export const handler = httpHandler(letterFunctions.releaseHeldLetter, async ({ params, expectedVersion, principal, role, now }) => {
  const letter = await releaseHeld(params.correspondenceId, expectedVersion, { id: principal.id, role }, now);
  return { body: letter, version: letter.version };
});
