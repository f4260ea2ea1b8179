import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { inject } from 'vitest';
import { functionDefinition, type FunctionName } from '../../functions/catalogue.ts';
import { resetKeyCache } from '../../functions/platform/auth.ts';
import { resetClients } from '../../functions/platform/aws-clients.ts';
import type { HttpTrigger } from '../../functions/platform/catalogue-types.ts';
import { httpEvent } from '../../local/http-event.ts';
import { invoke } from '../../local/lambda-runtime.ts';

/**
 * For tests that import a handler and call it in the test worker itself: points this process at the
 * stack's emulators and issuer. Importing this module applies the environment, so import it before
 * the handler under test.
 */

export function useStackEnv(): Record<string, string> {
  const { env } = inject('localStack');
  Object.assign(process.env, env);
  resetClients();
  resetKeyCache();
  return env;
}

export const stackEnv = useStackEnv();

export interface HttpCall {
  readonly pathParameters?: Record<string, string>;
  /** Without the leading '?'. */
  readonly query?: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** Invokes an HTTP function's handler in this process with an API Gateway event built from its route. */
export async function invokeHttp(name: FunctionName, call: HttpCall = {}): Promise<APIGatewayProxyStructuredResultV2> {
  const definition = functionDefinition(name);
  const route = definition.trigger as HttpTrigger;
  const params = call.pathParameters ?? {};
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(params[p] ?? ''));
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  const event = httpEvent({
    method: route.method,
    rawPath,
    rawQueryString: call.query ?? '',
    headers: { host: 'localhost', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...call.headers },
    routeKey: `${route.method} ${route.path}`,
    pathParameters: params,
    ...(body === undefined ? {} : { body }),
  });
  return (await invoke(definition, event)) as APIGatewayProxyStructuredResultV2;
}
