import { httpHandler } from '../../platform/http-handler.ts';
import { emailFunctions } from '../functions.ts';
import { emailStore } from '../store.ts';

export const handler = httpHandler(emailFunctions.listCaseEmails, async ({ params, query }) => ({ body: await emailStore.listForCase(params.caseNumber, query) }));
