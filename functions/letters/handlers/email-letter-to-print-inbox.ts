import { requiredEnv } from '../../platform/aws-clients.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { emailSending } from '../../platform/resources.ts';
import { letterFunctions } from '../functions.ts';
import { emailToPrintInbox } from '../print-inbox.ts';

const settings = { sender: requiredEnv(emailSending.senderEnv), inbox: requiredEnv(emailSending.printInboxEnv), configurationSet: requiredEnv(emailSending.configurationSetEnv) };

export const handler = httpHandler(letterFunctions.emailLetterToPrintInbox, async ({ params, expectedVersion, principal, role, now }) => {
  const letter = await emailToPrintInbox(params.correspondenceId, expectedVersion, settings, { id: principal.id, role }, now);
  return { body: letter, version: letter.version };
});
