import type { App } from 'aws-cdk-lib';
import { catalogue, type FunctionName } from '../functions/catalogue.ts';
import { ApiStack } from './api-stack.ts';
import { areasOf } from './areas.ts';
import { AuthStack } from './auth-stack.ts';
import type { CatalogueFunction } from './catalogue-function.ts';
import { DataStack } from './data-stack.ts';
import { FunctionsStack } from './functions-stack.ts';
import { applyNag } from './nag.ts';
import { readSettings } from './settings.ts';

export interface CmsStacks {
  readonly data: DataStack;
  readonly auth: AuthStack;
  readonly api: ApiStack;
  /** One per catalogue area, in catalogue order. */
  readonly functionStacks: readonly FunctionsStack[];
  /** Every catalogue function, whichever stack holds it. */
  readonly functions: ReadonlyMap<FunctionName, CatalogueFunction>;
}

/**
 * The whole system as environment-agnostic stacks: Data (stateful, retained), Auth (Cognito), Api (the
 * HTTP API, its authorizer and the alarm topic) and one function stack per catalogue area
 * (<prefix>-ServiceRequests, <prefix>-Cases, ...). cdk-nag's AwsSolutions and Serverless packs check all.
 */
export function buildApp(app: App): CmsStacks {
  const settings = readSettings(app.node);
  const prefix = settings.stackPrefix;
  const description = 'CMS client contact';
  const data = new DataStack(app, `${prefix}-Data`, { description: `${description}: table, queues, document buckets, SES` });
  const auth = new AuthStack(app, `${prefix}-Auth`, { description: `${description}: Cognito user pool`, settings });
  const api = new ApiStack(app, `${prefix}-Api`, { description: `${description}: HTTP API, JWT authorizer, alarm topic`, data, auth, settings });
  const functionStacks = areasOf(catalogue).map(
    (area) => new FunctionsStack(app, `${prefix}-${area.name}`, { description: `${description}: ${area.id} functions, routes, schedules, alarms`, area, data, auth, api, settings }),
  );
  const functions = new Map(functionStacks.flatMap((s) => [...s.functions]));
  applyNag(app);
  return { data, auth, api, functionStacks, functions };
}
