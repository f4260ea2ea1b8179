import { httpHandler } from '../../platform/http-handler.ts';
import { emailFunctions } from '../functions.ts';
import { composeEmail } from '../use-cases.ts';

export const handler = httpHandler(emailFunctions.composeEmail, async ({ params, body, expectedVersion, principal, role, now }) => {
  const email = await composeEmail(params.correspondenceId, body.paragraphs, expectedVersion, { id: principal.id, role }, now);
  return { body: email, version: email.version };
});
