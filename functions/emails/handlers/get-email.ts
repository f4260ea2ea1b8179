import { httpHandler } from '../../platform/http-handler.ts';
import { emailFunctions } from '../functions.ts';
import { clientView } from '../queries.ts';
import { emailOrRefuse } from '../use-cases.ts';

export const handler = httpHandler(emailFunctions.getEmail, async ({ params, role, assertOwn }) => {
  const email = await emailOrRefuse(params.correspondenceId);
  if (role !== 'client') return { body: email, version: email.version };
  assertOwn(email.recipient.scin);
  return { body: clientView(email) };
});
