import { serviceRequestFunctions } from '../functions.ts';
import { auditStore } from '../../platform/audit-store.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { keys } from '../../platform/keys.ts';
import { getServiceRequest } from '../use-cases.ts';

export const handler = httpHandler(serviceRequestFunctions.getServiceRequestAudit, async ({ params, query }) => {
  await getServiceRequest(params.srNumber);
  return { body: await auditStore.forEntity(keys.serviceRequest(params.srNumber).PK, query) };
});
