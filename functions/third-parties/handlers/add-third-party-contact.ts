import { thirdPartyFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { requestChange } from '../use-cases.ts';

export const handler = httpHandler(thirdPartyFunctions.addThirdPartyContact, async ({ params, body, expectedVersion, principal, role, now }) => {
  const outcome = await requestChange(params.trn, { kind: 'add-contact', srNumber: body.srNumber, confirmation: body.confirmation, proposed: body.contact }, expectedVersion, { id: principal.id, role }, now);
  return { body: outcome, version: outcome.record.organisation.version };
});
