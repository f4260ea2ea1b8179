import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { letterStore } from '../store.ts';

export const handler = httpHandler(letterFunctions.listCaseLetters, async ({ params, query }) => ({ body: await letterStore.listForCase(params.caseNumber, query) }));
