import { serviceRequestFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { srTypes } from '../domain/sr-types.ts';

export const handler = httpHandler(serviceRequestFunctions.listServiceRequestTypes, async () => ({ body: { items: srTypes } }));
