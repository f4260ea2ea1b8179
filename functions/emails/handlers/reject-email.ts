import { httpHandler } from '../../platform/http-handler.ts';
import { rejectEmail } from '../approval.ts';
import { emailFunctions } from '../functions.ts';
import { composeSettings } from '../settings.ts';

const settings = composeSettings();

export const handler = httpHandler(emailFunctions.rejectEmail, async ({ params, body, expectedVersion, principal, role, now }) => {
  const email = await rejectEmail(params.correspondenceId, expectedVersion, body.reasons, settings, { id: principal.id, role }, now);
  return { body: email, version: email.version };
});
