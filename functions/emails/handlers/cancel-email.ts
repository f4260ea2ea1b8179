import { httpHandler } from '../../platform/http-handler.ts';
import { emailFunctions } from '../functions.ts';
import { cancelEmail } from '../use-cases.ts';

export const handler = httpHandler(emailFunctions.cancelEmail, async ({ params, body, expectedVersion, principal, role, now }) => {
  const email = await cancelEmail(params.correspondenceId, expectedVersion, body.reason, body.note, { id: principal.id, role }, now);
  return { body: email, version: email.version };
});
