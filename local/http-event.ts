import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** Builds the event API Gateway HTTP API (payload format 2.0) gives a Lambda integration. */

export interface HttpEventInput {
  readonly method: string;
  /** Path as sent, still percent-encoded. */
  readonly rawPath: string;
  /** Without the leading '?'. */
  readonly rawQueryString?: string;
  readonly headers?: Record<string, string | readonly string[] | undefined>;
  /** e.g. 'GET /cases/{caseNumber}'. */
  readonly routeKey: string;
  readonly pathParameters?: Record<string, string>;
  readonly body?: string;
  readonly sourceIp?: string;
  readonly requestId?: string;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
/** API Gateway's CLF-style request time, e.g. 12/Mar/2026:19:03:58 +0000. */
const requestTime = (d: Date) =>
  `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;

/** Repeated values are joined with commas, as API Gateway does for both headers and query parameters. */
function joinRepeated(entries: Iterable<[string, string]>): Record<string, string> {
  const joined: Record<string, string> = {};
  for (const [key, value] of entries) joined[key] = key in joined ? `${joined[key]},${value}` : value;
  return joined;
}

export function httpEvent(input: HttpEventInput): APIGatewayProxyEventV2 {
  const now = new Date();
  const headerEntries = Object.entries(input.headers ?? {}).flatMap(([name, value]): [string, string][] =>
    value === undefined ? [] : (typeof value === 'string' ? [value] : value).map((v) => [name.toLowerCase(), v]),
  );
  // Cookies travel in their own field, not among the headers.
  const headers = joinRepeated(headerEntries.filter(([name]) => name !== 'cookie'));
  const cookies = headerEntries.filter(([name]) => name === 'cookie').flatMap(([, v]) => v.split(';').map((c) => c.trim()).filter(Boolean));
  const rawQueryString = input.rawQueryString ?? '';
  const query = joinRepeated(new URLSearchParams(rawQueryString).entries());
  const requestId = input.requestId ?? randomUUID();
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: input.rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(input.pathParameters && Object.keys(input.pathParameters).length > 0 ? { pathParameters: input.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method: input.method,
        path: input.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: input.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: input.routeKey,
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(input.body !== undefined && input.body.length > 0 ? { body: input.body } : {}),
    isBase64Encoded: false,
  };
}
