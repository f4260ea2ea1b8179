import { httpHandler } from '../../platform/http-handler.ts';
import { emailFunctions } from '../functions.ts';
import { incidentStore } from '../incidents.ts';

export const handler = httpHandler(emailFunctions.listIncidents, async ({ query }) => ({ body: await incidentStore.listOpen(query) }));
