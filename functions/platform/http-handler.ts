import { createHash } from 'node:crypto';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { withCaller } from './access.ts';
import { assertOwnRecord, authenticate, authorise, authSettings, type Principal } from './auth.ts';
import type { FunctionDefinition, HttpTrigger, RouteContract } from './catalogue-types.ts';
import { logger } from './logger.ts';
import { Problem, validationProblem, type FieldError } from './problem.ts';
import type { Role } from './roles.ts';

export const maxBodyBytes = 64 * 1024;

type ContractOf<D> = D extends { trigger: { contract: infer C } } ? C : never;
type Parsed<C, K extends string> = C extends { [P in K]: infer S } ? (S extends z.ZodType ? z.output<S> : undefined) : undefined;

export interface Idempotency {
  /** Scoped to the caller, so two callers can never collide. */
  readonly key: string;
  /** Hash of the request, to refuse reuse of a key for a different request. */
  readonly requestHash: string;
}

export interface HttpRequest<C> {
  readonly params: Parsed<C, 'params'>;
  readonly query: Parsed<C, 'query'>;
  readonly body: Parsed<C, 'body'>;
  readonly principal: Principal;
  /** The caller's role that this route allowed. */
  readonly role: Role;
  /** The version from If-Match (undefined when the route takes none or it was optional and absent). */
  readonly expectedVersion: number | undefined;
  readonly idempotency: Idempotency | undefined;
  readonly now: Date;
  /** Throws 404 unless a client caller owns one of these SCINs (staff pass). */
  readonly assertOwn: (...scins: (string | undefined)[]) => void;
}

export interface HttpResult {
  readonly status?: number;
  readonly body: unknown;
  /** The resource's version, sent back as a strong ETag. */
  readonly version?: number;
  readonly headers?: Record<string, string>;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

export const problemResponse = (problem: Problem): APIGatewayProxyStructuredResultV2 => ({
  statusCode: problem.status,
  headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
  body: JSON.stringify(problem.toBody()),
});

/** Stored idempotent responses are replayed exactly. */
export const toHttpResponse = (result: HttpResult, defaultStatus: number): APIGatewayProxyStructuredResultV2 =>
  json(result.status ?? defaultStatus, result.body, { ...(result.version ? { etag: `"${result.version}"` } : {}), ...result.headers });

function zodErrors(location: string, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return { field: [location, ...path].join('.'), rule: `unknown field(s) not allowed: ${issue.keys.join(', ')}` };
    }
    if (issue.code === 'invalid_type') {
      const missing = /received undefined/.test(issue.message);
      return { field: [location, ...path].join('.'), rule: missing ? 'is required' : `must be ${issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}` };
    }
    return { field: [location, ...path].join('.'), rule: issue.message };
  });
}

function parsePart<S extends z.ZodType | undefined>(schema: S, value: unknown, location: string, errors: FieldError[]): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    errors.push(...zodErrors(location, result.error));
    return undefined;
  }
  return result.data;
}

function readBody(event: APIGatewayProxyEventV2, contract: RouteContract): unknown {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (!contract.body) {
    if (raw.length > 0) throw validationProblem([{ field: 'body', rule: 'this route takes no body' }]);
    return undefined;
  }
  if (Buffer.byteLength(raw, 'utf8') > maxBodyBytes) throw new Problem('payloadTooLarge', `The body must be at most ${maxBodyBytes} bytes.`);
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(contentType)) {
    throw new Problem('unsupportedMediaType', 'Send the body as JSON with Content-Type: application/json.');
  }
  if (raw.length === 0) throw validationProblem([{ field: 'body', rule: 'a JSON body is required' }]);
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new Problem('malformedJson', 'The body could not be read as JSON.');
  }
}

const header = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
};

function readIfMatch(event: APIGatewayProxyEventV2, mode: RouteContract['ifMatch']): number | undefined {
  if (!mode) return undefined;
  const value = header(event, 'if-match');
  if (!value && mode === 'optional') return undefined;
  if (!value) throw new Problem('preconditionRequired', 'Send If-Match with the ETag you last read, so a change made by someone else in the meantime is not overwritten.');
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(value.trim());
  if (!match) throw validationProblem([{ field: 'header.If-Match', rule: 'must be an ETag as returned by this API, e.g. "3"' }]);
  return Number(match[1]);
}

function readIdempotency(event: APIGatewayProxyEventV2, principal: Principal, route: HttpTrigger): Idempotency | undefined {
  const key = header(event, 'idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) {
    throw validationProblem([{ field: 'header.Idempotency-Key', rule: 'must be 8 to 128 letters, digits or - _ . :' }]);
  }
  const requestHash = createHash('sha256')
    .update(`${route.method} ${event.rawPath}\n${event.body ?? ''}`)
    .digest('base64url');
  return { key: `${principal.id}#${route.method} ${route.path}#${key}`, requestHash };
}

/**
 * Wraps a route implementation: authenticates, authorises from the catalogue, parses params/query/body
 * with the route's zod contract, and maps every refusal to problem+json. Unexpected errors become a
 * logged 500 that reveals nothing.
 */
export function httpHandler<D extends FunctionDefinition & { readonly trigger: HttpTrigger }>(definition: D, implementation: (request: HttpRequest<ContractOf<D>>) => Promise<HttpResult>) {
  const name = definition.name;
  const route = definition.trigger;
  const contract = route.contract;
  // Checked when the function starts: without its token settings it must not start, let alone skip a check.
  authSettings();

  const handle = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    let clientCaller = false;
    try {
      const principal = await authenticate(header(event, 'authorization'));
      const role = authorise(principal, route.roles);
      clientCaller = role === 'client';
      const errors: FieldError[] = [];
      const params = parsePart(contract.params, event.pathParameters ?? {}, 'path', errors);
      const query = parsePart(contract.query, event.queryStringParameters ?? {}, 'query', errors);
      const rawBody = readBody(event, contract);
      const body = parsePart(contract.body, rawBody, 'body', errors);
      if (errors.length > 0) throw validationProblem(errors);
      const request = {
        params,
        query,
        body,
        principal,
        role,
        expectedVersion: readIfMatch(event, contract.ifMatch),
        idempotency: contract.idempotent ? readIdempotency(event, principal, route) : undefined,
        now: new Date(),
        assertOwn: (...scins: (string | undefined)[]) => assertOwnRecord(principal, role, scins),
      } as HttpRequest<ContractOf<D>>;
      // Every store that loads a case-scoped record applies the caller's segments (access.ts).
      const result = await withCaller({ id: principal.id, role, segments: principal.segments }, () => implementation(request));
      return toHttpResponse(result, contract.success.status);
    } catch (error) {
      if (error instanceof Problem) {
        if (error.status >= 500) logger.error('refused with server problem', { route: name, type: error.type });
        // To a client, "not yours" and "does not exist" are the same answer, word for word.
        if (error.type === 'notFound' && clientCaller) return problemResponse(new Problem('notFound', 'There is no such record for you.'));
        return problemResponse(error);
      }
      // The error's name only: a raw message can quote the data that caused it (an address, a reference).
      logger.error('unhandled error', { route: name, error: error instanceof Error ? error.name : 'unknown', requestId: event.requestContext?.requestId });
      return problemResponse(new Problem('internal', 'The request could not be completed. It is safe to retry.'));
    }
  };

  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(handle);
}
