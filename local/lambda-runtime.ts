import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionDefinition } from '../functions/platform/catalogue-types.ts';
import { log } from './log.ts';
import { region } from './resources.ts';
import { repoRoot } from './paths.ts';

/**
 * Runs catalogue handlers in this process the way Lambda would call them: the module's `handler`
 * export, an event, and a context. Modules are imported on first use, so one broken handler does not
 * stop the rest of the stack.
 */

export type Handler = (event: unknown, context: Context) => Promise<unknown>;

const modules = new Map<string, Promise<Handler>>();

export function loadHandler(entry: string): Promise<Handler> {
  let loaded = modules.get(entry);
  if (!loaded) {
    loaded = import(pathToFileURL(join(repoRoot, entry)).href).then((module: { handler?: unknown }) => {
      if (typeof module.handler !== 'function') throw new Error(`${entry} does not export a handler function`);
      return module.handler as Handler;
    });
    // Forget failures so a fixed file is picked up on the next call.
    loaded.catch(() => modules.delete(entry));
    modules.set(entry, loaded);
  }
  return loaded;
}

/** A Lambda context: Powertools reads the names, ids and remaining time from it. */
export function lambdaContext(definition: Pick<FunctionDefinition, 'name' | 'timeoutSeconds' | 'memoryMb'>, requestId: string = randomUUID()): Context {
  const timeoutMs = (definition.timeoutSeconds ?? 3) * 1000;
  const deadline = Date.now() + timeoutMs;
  const name = `local-${definition.name}`;
  const unsupported = () => {
    throw new Error('Callback-style completion is not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${name}`,
    memoryLimitInMB: String(definition.memoryMb ?? 1024),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `local/${new Date().toISOString().slice(0, 10)}/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/** Invokes a handler and warns (does not kill it, as Lambda would) when it overran its timeout. */
export async function invoke(definition: Pick<FunctionDefinition, 'name' | 'entry' | 'timeoutSeconds' | 'memoryMb'>, event: unknown, requestId?: string): Promise<unknown> {
  const handler = await loadHandler(definition.entry);
  const context = lambdaContext(definition, requestId);
  const result = await handler(event, context);
  if (context.getRemainingTimeInMillis() === 0) {
    log.warn(`${definition.name} ran longer than its ${definition.timeoutSeconds ?? 3} s timeout; Lambda would have stopped it`);
  }
  return result;
}
