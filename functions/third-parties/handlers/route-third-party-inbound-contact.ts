import { thirdPartyFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { routeInboundContact } from '../directory.ts';

export const handler = httpHandler(thirdPartyFunctions.routeThirdPartyInboundContact, ({ params, body, principal, role, idempotency, now }) =>
  routeInboundContact(params.trn, body, { id: principal.id, role }, idempotency, now),
);
