import { thirdPartyFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { confirmChange } from '../use-cases.ts';

export const handler = httpHandler(thirdPartyFunctions.confirmThirdPartyChange, async ({ params, body, principal, role, now }) => {
  const outcome = await confirmChange(params.trn, params.changeId, body.confirmation, { id: principal.id, role }, now);
  return { body: outcome, version: outcome.record.organisation.version };
});
