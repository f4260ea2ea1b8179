import { serviceRequestFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { addNote } from '../use-cases.ts';

export const handler = httpHandler(serviceRequestFunctions.addServiceRequestNote, ({ params, body, principal, role, idempotency, now }) =>
  addNote(params.srNumber, body.text, body.kind, { id: principal.id, role }, idempotency, now),
);
