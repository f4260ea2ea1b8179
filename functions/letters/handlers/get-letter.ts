import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { clientLetter } from '../client-view.ts';
import { assertClientMaySee } from '../queries.ts';
import { letterOrRefuse } from '../use-cases.ts';

export const handler = httpHandler(letterFunctions.getLetter, async ({ params, principal, role }) => {
  const letter = await letterOrRefuse(params.correspondenceId);
  assertClientMaySee(letter, role, principal.scin);
  return role === 'client' ? { body: clientLetter(letter) } : { body: letter, version: letter.version };
});
