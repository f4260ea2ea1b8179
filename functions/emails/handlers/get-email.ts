import { httpHandler } from '../../platform/http-handler.ts';
import { emailFunctions } from '../functions.ts';
import { Problem } from '../../platform/problem.ts';
import { clientView, sentEmailStatuses } from '../queries.ts';
import { emailOrRefuse } from '../use-cases.ts';

export const handler = httpHandler(emailFunctions.getEmail, async ({ params, role, assertOwn }) => {
  const email = await emailOrRefuse(params.correspondenceId);
  if (role !== 'client') return { body: email, version: email.version };
  assertOwn(email.recipient.scin);
  // A client sees only what was sent to them; a draft or a waiting email does not exist for them.
  if (!sentEmailStatuses.includes(email.status)) throw new Problem('notFound', 'No such email for you.');
  return { body: clientView(email) };
});
