import { serviceRequestFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { createServiceRequest } from '../use-cases.ts';

export const handler = httpHandler(serviceRequestFunctions.createServiceRequest, ({ body, principal, role, idempotency, now }) =>
  createServiceRequest(body, { id: principal.id, role }, idempotency, now),
);
