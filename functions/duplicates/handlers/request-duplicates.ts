import { httpHandler } from '../../platform/http-handler.ts';
import { duplicateFunctions } from '../functions.ts';
import { requestDuplicates } from '../use-cases.ts';

export const handler = httpHandler(duplicateFunctions.requestDuplicates, async ({ body, principal, role, idempotency, now }) => requestDuplicates(body, principal, role, idempotency, now));
