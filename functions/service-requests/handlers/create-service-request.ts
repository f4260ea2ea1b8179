import { httpHandler } from '../../platform/http-handler.ts';
import { createServiceRequest } from '../use-cases.ts';

export const handler = httpHandler('createServiceRequest', ({ body, principal, role, idempotency, now }) =>
  createServiceRequest(body, { id: principal.id, role }, idempotency, now),
);
