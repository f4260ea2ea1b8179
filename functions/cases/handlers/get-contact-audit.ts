import { caseFunctions } from '../functions.ts';
import { auditStore } from '../../platform/audit-store.ts';
import { httpHandler } from '../../platform/http-handler.ts';

export const handler = httpHandler(caseFunctions.getContactAudit, async ({ params, query }) => ({ body: await auditStore.forContact(params.contactRef, query) }));
