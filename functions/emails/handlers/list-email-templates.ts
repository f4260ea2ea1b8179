import { httpHandler } from '../../platform/http-handler.ts';
import { emailFunctions } from '../functions.ts';
import { emailTemplates, linesToTake } from '../templates.ts';

export const handler = httpHandler(emailFunctions.listEmailTemplates, async () => ({ body: { items: emailTemplates, linesToTake } }));
