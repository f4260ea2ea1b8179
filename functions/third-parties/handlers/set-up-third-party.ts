import { thirdPartyFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { setUpThirdParty } from '../use-cases.ts';

export const handler = httpHandler(thirdPartyFunctions.setUpThirdParty, ({ body, principal, role, idempotency, now }) => setUpThirdParty(body, { id: principal.id, role }, idempotency, now));
