import { httpHandler } from '../../platform/http-handler.ts';
import { serviceRequestStore } from '../store.ts';

export const handler = httpHandler('listCaseServiceRequests', async ({ params, query }) => ({
  body: await serviceRequestStore.listForCase(params.caseNumber, query),
}));
