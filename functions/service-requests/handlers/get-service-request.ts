import { serviceRequestFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { clientServiceRequest } from '../client-view.ts';
import { getServiceRequest } from '../use-cases.ts';

export const handler = httpHandler(serviceRequestFunctions.getServiceRequest, async ({ params, role, assertOwn }) => {
  const sr = await getServiceRequest(params.srNumber);
  // A client sees an SR only when it is about them, and only what the portal shows.
  assertOwn(sr.contact && 'scin' in sr.contact ? sr.contact.scin : undefined);
  return role === 'client' ? { body: clientServiceRequest(sr) } : { body: sr, version: sr.version };
});
