import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { composeLetter } from '../use-cases.ts';

export const handler = httpHandler(letterFunctions.composeLetter, async ({ params, body, expectedVersion, principal, role, now }) => {
  const letter = await composeLetter(params.correspondenceId, body, expectedVersion, { id: principal.id, role }, now);
  return { body: letter, version: letter.version };
});
