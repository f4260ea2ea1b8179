import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { createLetter } from '../use-cases.ts';

export const handler = httpHandler(letterFunctions.createLetter, ({ params, body, principal, role, idempotency, now }) => createLetter(params.srNumber, body, { id: principal.id, role }, idempotency, now));
