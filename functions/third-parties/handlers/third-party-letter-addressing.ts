import { thirdPartyFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { letterAddressing } from '../directory.ts';

export const handler = httpHandler(thirdPartyFunctions.thirdPartyLetterAddressing, async ({ params, query }) => ({ body: await letterAddressing(params.trn, query) }));
