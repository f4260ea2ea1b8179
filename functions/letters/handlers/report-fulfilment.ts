import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { applySupplierReport } from '../print-batch.ts';

export const handler = httpHandler(letterFunctions.reportFulfilment, async ({ params, body, principal, role, now }) => ({
  body: await applySupplierReport(params.batchId, body, { id: principal.id, role }, now),
}));
