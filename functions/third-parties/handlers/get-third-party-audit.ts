import { thirdPartyFunctions } from '../functions.ts';
import { auditStore } from '../../platform/audit-store.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { keys } from '../../platform/keys.ts';
import { recordOrRefuse } from '../use-cases.ts';

export const handler = httpHandler(thirdPartyFunctions.getThirdPartyAudit, async ({ params, query }) => {
  await recordOrRefuse(params.trn);
  return { body: await auditStore.forEntity(keys.thirdPartyAuditPartition(params.trn), query) };
});
