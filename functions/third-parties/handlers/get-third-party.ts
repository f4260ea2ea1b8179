import { thirdPartyFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { recordOrRefuse, toBody } from '../use-cases.ts';

export const handler = httpHandler(thirdPartyFunctions.getThirdParty, async ({ params }) => {
  const record = await recordOrRefuse(params.trn);
  return { body: toBody(record), version: record.organisation.version };
});
