import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { localFulfil } from '../approval.ts';

export const handler = httpHandler(letterFunctions.localFulfilLetter, async ({ params, expectedVersion, principal, role, now }) => {
  const letter = await localFulfil(params.correspondenceId, expectedVersion, { id: principal.id, role }, now);
  return { body: letter, version: letter.version };
});
