import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { catalogue } from '../catalogue.ts';
import type { HttpTrigger } from './catalogue-types.ts';
import { problemTypes } from './problem.ts';

/** The OpenAPI 3.1 document, generated from the same zod contracts the handlers parse with. */

const ProblemDetails = z
  .object({
    type: z.string().describe('Stable problem type, e.g. /problems/validation'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), rule: z.string() })).optional().describe('For validation problems: each field and the rule it broke'),
  })
  .catchall(z.unknown())
  .meta({ id: 'ProblemDetails' });

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemDetails } } });

const statusText: Record<number, string> = {
  400: 'Bad input: the fields and rules are listed',
  401: 'Missing or invalid bearer token',
  403: 'Your role may not use this route',
  404: 'Not found',
  409: 'Conflict: stale version or illegal transition',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'A business rule refused the request',
  428: 'If-Match required',
};

function operation(name: string, description: string, trigger: HttpTrigger): ZodOpenApiOperationObject {
  const c = trigger.contract;
  const headers = z.object({
    ...(c.idempotent ? { 'idempotency-key': z.string().min(8).max(128).optional().describe('Retry-safe creation: a retry with the same key returns the first result') } : {}),
    ...(c.ifMatch ? { 'if-match': (c.ifMatch === 'required' ? z.string() : z.string().optional()).describe('The ETag you last read') } : {}),
  });
  const problems = [...new Set([400, 401, 403, ...(c.body ? [413, 415] : []), ...(c.problems ?? [])])].sort();
  return {
    operationId: name,
    summary: c.summary,
    description: `${description}. Roles: ${trigger.roles.join(', ')}.`,
    tags: [c.tag],
    security: [{ bearer: [] }],
    'x-roles': trigger.roles,
    requestParams: {
      ...(c.params ? { path: c.params } : {}),
      ...(c.query ? { query: c.query } : {}),
      ...(Object.keys(headers.shape).length > 0 ? { header: headers } : {}),
    },
    ...(c.body ? { requestBody: { required: true, content: { 'application/json': { schema: c.body } } } } : {}),
    responses: {
      [String(c.success.status)]: {
        description: c.success.description,
        ...(c.ifMatch || name.startsWith('get') ? { headers: z.object({ etag: z.string().optional().describe('The version, for If-Match') }) } : {}),
        content: { 'application/json': { schema: c.success.body } },
      },
      ...Object.fromEntries(problems.map((status) => [String(status), problemResponse(statusText[status] ?? 'Problem')])),
    },
  } as ZodOpenApiOperationObject;
}

export function buildOpenApiDocument() {
  const paths: ZodOpenApiPathsObject = {};
  for (const fn of catalogue) {
    if (fn.trigger.type !== 'http') continue;
    const trigger = fn.trigger as HttpTrigger;
    paths[trigger.path] ??= {};
    (paths[trigger.path] as Record<string, unknown>)[trigger.method.toLowerCase()] = operation(fn.name, fn.description, trigger);
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'CMS client contact API',
      version: '1.0.0',
      description: 'Service requests, case and client read model for Child Maintenance Service caseworkers and the self-service portal. Every error is application/problem+json (RFC 9457).',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    'x-problem-types': Object.fromEntries(Object.entries(problemTypes).map(([k, v]) => [`/problems/${k}`, v])),
    paths,
  });
}
