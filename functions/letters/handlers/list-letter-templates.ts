import { letterFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { letterTemplates } from '../templates.ts';

export const handler = httpHandler(letterFunctions.listLetterTemplates, async () => ({ body: { items: letterTemplates } }));
