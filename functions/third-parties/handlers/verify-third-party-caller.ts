import { thirdPartyFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { verifyCaller } from '../directory.ts';

export const handler = httpHandler(thirdPartyFunctions.verifyThirdPartyCaller, async ({ params, body, principal, role, now }) => ({
  body: await verifyCaller(params.trn, body, { id: principal.id, role }, now),
}));
