import { httpHandler } from '../../platform/http-handler.ts';
import { approveEmail } from '../approval.ts';
import { emailFunctions } from '../functions.ts';
import { composeSettings } from '../settings.ts';

const settings = composeSettings();

export const handler = httpHandler(emailFunctions.approveEmail, async ({ params, body, expectedVersion, principal, role, now }) => {
  const email = await approveEmail(params.correspondenceId, expectedVersion, body.correction, settings, { id: principal.id, role }, now);
  return { body: email, version: email.version };
});
