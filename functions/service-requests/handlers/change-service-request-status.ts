import { serviceRequestFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { changeServiceRequestStatus } from '../use-cases.ts';

export const handler = httpHandler(serviceRequestFunctions.changeServiceRequestStatus, async ({ params, body, expectedVersion, principal, role, now }) => {
  const sr = await changeServiceRequestStatus(params.srNumber, body, expectedVersion, { id: principal.id, role }, now);
  return { body: sr, version: sr.version };
});
