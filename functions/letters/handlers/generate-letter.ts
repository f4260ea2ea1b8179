import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { generateLetter } from '../use-cases.ts';

export const handler = httpHandler(letterFunctions.generateLetter, async ({ params, expectedVersion, principal, role, now }) => {
  const letter = await generateLetter(params.correspondenceId, expectedVersion, { id: principal.id, role }, now);
  return { body: letter, version: letter.version };
});
