import { httpHandler } from '../../platform/http-handler.ts';
import { letterTemplates } from '../templates.ts';

export const handler = httpHandler('listLetterTemplates', async () => ({ body: { items: letterTemplates } }));
