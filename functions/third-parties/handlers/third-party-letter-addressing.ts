import { httpHandler } from '../../platform/http-handler.ts';
import { letterAddressing } from '../directory.ts';

export const handler = httpHandler('thirdPartyLetterAddressing', async ({ params, query }) => ({ body: await letterAddressing(params.trn, query) }));
