import type { App } from 'aws-cdk-lib';
import { ApiStack } from './api-stack.ts';
import { AuthStack } from './auth-stack.ts';
import { DataStack } from './data-stack.ts';
import { applyNag } from './nag.ts';
import { readSettings } from './settings.ts';

export interface CmsStacks {
  readonly data: DataStack;
  readonly auth: AuthStack;
  readonly api: ApiStack;
}

/**
 * The whole system as three environment-agnostic stacks: Data (stateful, retained), Auth (Cognito) and
 * Api (functions, routes, schedules, alarms). cdk-nag's AwsSolutions and Serverless packs check all.
 */
export function buildApp(app: App): CmsStacks {
  const settings = readSettings(app.node);
  const prefix = settings.stackPrefix;
  const description = 'CMS client contact';
  const data = new DataStack(app, `${prefix}-Data`, { description: `${description}: table, queues, document buckets, SES` });
  const auth = new AuthStack(app, `${prefix}-Auth`, { description: `${description}: Cognito user pool`, settings });
  const api = new ApiStack(app, `${prefix}-Api`, { description: `${description}: functions, HTTP API, schedules, alarms`, data, auth, settings });
  applyNag(app);
  return { data, auth, api };
}
