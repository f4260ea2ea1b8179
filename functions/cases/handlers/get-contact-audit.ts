import { auditStore } from '../../platform/audit-store.ts';
import { httpHandler } from '../../platform/http-handler.ts';

export const handler = httpHandler('getContactAudit', async ({ params, query }) => ({ body: await auditStore.forContact(params.contactRef, query) }));
