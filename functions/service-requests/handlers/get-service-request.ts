import { serviceRequestFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { getServiceRequest } from '../use-cases.ts';

export const handler = httpHandler(serviceRequestFunctions.getServiceRequest, async ({ params, assertOwn }) => {
  const sr = await getServiceRequest(params.srNumber);
  // A client sees an SR only when it is about them.
  assertOwn(sr.contact && 'scin' in sr.contact ? sr.contact.scin : undefined);
  return { body: sr, version: sr.version };
});
