import { serviceRequestFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { serviceRequestStore } from '../store.ts';

export const handler = httpHandler(serviceRequestFunctions.listCaseServiceRequests, async ({ params, query }) => ({
  body: await serviceRequestStore.listForCase(params.caseNumber, query),
}));
