import { inject } from 'vitest';
import type { Role } from '../../functions/platform/roles.ts';
import { loadDevIssuer, type DevIssuer } from '../../local/dev-issuer.ts';

/** A small fetch wrapper for integration tests against the local API started by global-setup.ts. */

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON for JSON answers (including problem+json), otherwise the text; undefined when empty. */
  readonly body: T;
}

type HeaderMap = Record<string, string>;

export interface ApiClient {
  get(path: string, headers?: HeaderMap): Promise<ApiResponse>;
  post(path: string, body?: unknown, headers?: HeaderMap): Promise<ApiResponse>;
  put(path: string, body?: unknown, headers?: HeaderMap): Promise<ApiResponse>;
  patch(path: string, body?: unknown, headers?: HeaderMap): Promise<ApiResponse>;
  delete(path: string, headers?: HeaderMap): Promise<ApiResponse>;
  /** Sends the body exactly as given (for malformed or oversized bodies). */
  raw(method: string, path: string, body?: string, headers?: HeaderMap): Promise<ApiResponse>;
}

export interface Caller {
  readonly username?: string;
  /** Required for the client role. */
  readonly scin?: string;
  /** Staff: the segments they work in (default: testSegments). */
  readonly segments?: readonly string[];
}

/**
 * The segments the tests' staff work in by default: the demo segments and every segment a test's case
 * is owned by. A case in any other segment (e.g. outsideSegment) is out of their reach.
 */
export const testSegments = [
  'SEG-LEEDS-01', 'SEG-GLASGOW-03', 'SEG-BELFAST-02', 'SEG-MAINTENANCE-01', 'SEG-ENFORCEMENT-02', 'SEG-APPROVAL-01', 'SEG-INBOX-07', 'SEG-EMAIL-01',
  'SEG-PROMISE-01', 'SEG-DUP-01', 'SEG-DUP-ATT', 'SEG-DUP-PHONE', 'SEG-DUP-REJ', 'SEG-DUP-TP', 'SEG-A', 'SEG-B', 'SEG-1', 'P5_G8_CCSER_000', 'THIRD-PARTY-TEAM', 'FINANCE-TEAM',
] as const;

/** Segments a test file made up for itself (e.g. a queue of its own): its staff work in them too. */
const ownSegments: string[] = [];

/** A segment of this test file's own, which its staff tokens carry from now on. */
export function ownSegment(name: string): string {
  if (!ownSegments.includes(name)) ownSegments.push(name);
  return name;
}

/** A segment no test's staff work in by default. */
export const outsideSegment = 'SEG-OUTSIDE-99';

export const apiUrl = (): string => inject('localStack').apiUrl;

let issuer: Promise<DevIssuer> | undefined;
const tokens = new Map<string, Promise<string>>();

/** A dev token for the role, signed with the stack's key (cached per caller). */
export function tokenFor(role: Role, caller: Caller = {}): Promise<string> {
  const segments = caller.segments ?? [...testSegments, ...ownSegments];
  const key = `${role}|${caller.username ?? ''}|${caller.scin ?? ''}|${segments.join(',')}`;
  let token = tokens.get(key);
  if (!token) {
    issuer ??= loadDevIssuer(inject('localStack').dataDir);
    token = issuer.then((i) => i.issueToken({ role, ...caller, segments }));
    tokens.set(key, token);
  }
  return token;
}

async function send(method: string, path: string, body: string | undefined, headers: HeaderMap): Promise<ApiResponse> {
  const res = await fetch(`${apiUrl()}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const isJson = /json/i.test(res.headers.get('content-type') ?? '');
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : isJson ? JSON.parse(text) : text };
}

function client(authorization: () => Promise<HeaderMap>): ApiClient {
  const withJson = (method: string) => async (path: string, body?: unknown, headers: HeaderMap = {}) =>
    send(method, path, body === undefined ? undefined : JSON.stringify(body), { ...(await authorization()), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
  return {
    get: async (path, headers = {}) => send('GET', path, undefined, { ...(await authorization()), ...headers }),
    post: withJson('POST'),
    put: withJson('PUT'),
    patch: withJson('PATCH'),
    delete: async (path, headers = {}) => send('DELETE', path, undefined, { ...(await authorization()), ...headers }),
    raw: async (method, path, body, headers = {}) => send(method, path, body, { ...(await authorization()), ...headers }),
  };
}

/** Calls the API as someone with this role: api('caseworker'), api('client', { scin }). */
export const api = (role: Role, caller: Caller = {}): ApiClient => client(async () => ({ authorization: `Bearer ${await tokenFor(role, caller)}` }));

/** Calls the API without a token, or with the headers given (e.g. a bad Authorization). */
export const anonymous = (headers: HeaderMap = {}): ApiClient => client(async () => headers);

/** Runs a scheduled function now through the local API, with an optional input event; returns its result. */
export async function runSchedule(name: string, input: unknown = {}): Promise<unknown> {
  const res = await send('POST', `/local/schedules/${encodeURIComponent(name)}/run`, JSON.stringify(input), { 'content-type': 'application/json' });
  if (res.status !== 200) throw new Error(`Schedule ${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return (res.body as { result: unknown }).result;
}
