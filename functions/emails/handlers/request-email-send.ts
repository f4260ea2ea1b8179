import { httpHandler } from '../../platform/http-handler.ts';
import { emailFunctions } from '../functions.ts';
import { sendEmail } from '../use-cases.ts';

export const handler = httpHandler(emailFunctions.requestEmailSend, async ({ params, expectedVersion, principal, role, now }) => {
  const email = await sendEmail(params.correspondenceId, expectedVersion, { id: principal.id, role }, now);
  return { body: email, version: email.version };
});
