import { httpHandler } from '../../platform/http-handler.ts';
import { duplicateFunctions } from '../functions.ts';
import { duplicateRequestStore } from '../store.ts';

export const handler = httpHandler(duplicateFunctions.listCaseDuplicateRequests, async ({ params, query }) => ({ body: await duplicateRequestStore.listForCase(params.caseNumber, query) }));
