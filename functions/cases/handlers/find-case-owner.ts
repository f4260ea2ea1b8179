import { httpHandler } from '../../platform/http-handler.ts';
import { caseOwners } from '../case-owner.ts';
import { caseFunctions } from '../functions.ts';

export const handler = httpHandler(caseFunctions.findCaseOwner, async ({ query }) => ({ body: { items: await caseOwners(query) } }));
