import { serviceRequestFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { updateActivityStep } from '../use-cases.ts';

export const handler = httpHandler(serviceRequestFunctions.updateActivityStep, async ({ params, body, expectedVersion, principal, role, now }) => {
  const sr = await updateActivityStep(params.srNumber, params.stepId, body.done, expectedVersion, { id: principal.id, role }, now);
  return { body: sr, version: sr.version };
});
