import { httpHandler } from '../../platform/http-handler.ts';
import { emailFunctions } from '../functions.ts';
import { createEmail } from '../use-cases.ts';

export const handler = httpHandler(emailFunctions.createEmail, async ({ body, principal, role, idempotency, now }) => createEmail(body, { id: principal.id, role }, idempotency, now));
