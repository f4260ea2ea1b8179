import { thirdPartyFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { lookUp } from '../directory.ts';

export const handler = httpHandler(thirdPartyFunctions.lookUpThirdParties, async ({ query }) => ({ body: await lookUp(query) }));
