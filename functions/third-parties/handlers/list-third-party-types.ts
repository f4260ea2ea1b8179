import { thirdPartyFunctions } from '../functions.ts';
import { httpHandler } from '../../platform/http-handler.ts';
import { organisationTypes } from '../domain/organisation-types.ts';

export const handler = httpHandler(thirdPartyFunctions.listThirdPartyTypes, async () => ({ body: { items: organisationTypes } }));
