import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { recordReturnedLetter } from '../queries.ts';

export const handler = httpHandler(letterFunctions.recordReturnedLetter, async ({ body, principal, role, now }) => ({
  body: await recordReturnedLetter(body.identifyingCode, body.reason, { id: principal.id, role }, now),
}));
