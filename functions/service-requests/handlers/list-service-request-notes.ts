import { serviceRequestFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { serviceRequestStore } from '../store.ts';
import { getServiceRequest } from '../use-cases.ts';

export const handler = httpHandler(serviceRequestFunctions.listServiceRequestNotes, async ({ params, query }) => {
  await getServiceRequest(params.srNumber);
  return { body: await serviceRequestStore.listNotes(params.srNumber, query) };
});
