import { httpHandler } from '../../platform/http-handler.ts';
import { emailFunctions } from '../functions.ts';
import { composeSettings } from '../settings.ts';
import { generateEmail } from '../use-cases.ts';

const settings = composeSettings();

export const handler = httpHandler(emailFunctions.generateEmail, async ({ params, expectedVersion, principal, role, now }) => {
  const email = await generateEmail(params.correspondenceId, expectedVersion, settings, { id: principal.id, role }, now);
  return { body: email, version: email.version };
});
