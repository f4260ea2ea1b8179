import { httpHandler } from '../../platform/http-handler.ts';
import { submitEmailForApproval } from '../approval.ts';
import { emailFunctions } from '../functions.ts';
import { composeSettings } from '../settings.ts';

const settings = composeSettings();

export const handler = httpHandler(emailFunctions.submitEmailForApproval, async ({ params, expectedVersion, principal, role, now }) => {
  const email = await submitEmailForApproval(params.correspondenceId, expectedVersion, settings, { id: principal.id, role }, now);
  return { body: email, version: email.version };
});
