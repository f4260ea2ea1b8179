import { httpHandler } from '../../platform/http-handler.ts';
import { duplicateFunctions } from '../functions.ts';
import { clientView, requestOrRefuse } from '../use-cases.ts';
import { contactRef } from '../../service-requests/store.ts';

export const handler = httpHandler(duplicateFunctions.getDuplicateRequest, async ({ params, role, assertOwn }) => {
  const request = await requestOrRefuse(params.srNumber);
  if (role !== 'client') return { body: request, version: request.version };
  assertOwn(contactRef(request.requester));
  return { body: clientView(request) };
});
