import { httpHandler } from '../../platform/http-handler.ts';
import { lookUp } from '../directory.ts';

export const handler = httpHandler('lookUpThirdParties', async ({ query }) => ({ body: await lookUp(query) }));
