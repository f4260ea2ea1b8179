import { auditStore } from '../../platform/audit-store.ts';
import { httpHandler } from '../../platform/http-handler.ts';

export const handler = httpHandler('getCaseAudit', async ({ params, query }) => ({ body: await auditStore.forCase(params.caseNumber, query) }));
