import { caseFunctions } from './cases/functions.ts';
import { correspondenceFunctions } from './correspondence/functions.ts';
import { duplicateFunctions } from './duplicates/functions.ts';
import { emailFunctions } from './emails/functions.ts';
import { letterFunctions } from './letters/functions.ts';
import type { FunctionDefinition, HttpTrigger } from './platform/catalogue-types.ts';
import { serviceRequestFunctions } from './service-requests/functions.ts';
import { thirdPartyFunctions } from './third-parties/functions.ts';

/**
 * Every function of the system, described once. The CDK stack builds functions, routes, event sources
 * and grants from this list; the local runtime serves and triggers the same handlers from it. Each area
 * keeps its own part, so a handler bundles only its own area's contracts.
 */
export const catalogue = [
  ...Object.values(serviceRequestFunctions),
  ...Object.values(caseFunctions),
  ...Object.values(thirdPartyFunctions),
  ...Object.values(letterFunctions),
  ...Object.values(correspondenceFunctions),
  ...Object.values(emailFunctions),
  ...Object.values(duplicateFunctions),
] as const satisfies readonly FunctionDefinition[];

export type FunctionName = (typeof catalogue)[number]['name'];

export const functionDefinition = (name: FunctionName): FunctionDefinition => {
  const found = catalogue.find((f) => f.name === name);
  if (!found) throw new Error(`No function ${name} in the catalogue`);
  return found;
};

export const httpTrigger = (name: FunctionName): HttpTrigger => {
  const { trigger } = functionDefinition(name);
  if (trigger.type !== 'http') throw new Error(`${name} is not an HTTP function`);
  return trigger;
};
