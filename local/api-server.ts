import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { JSONWebKeySet } from 'jose';
import { catalogue } from '../functions/catalogue.ts';
import type { FunctionDefinition, HttpTrigger, ScheduleTrigger } from '../functions/platform/catalogue-types.ts';
import { problemTypes } from '../functions/platform/problem.ts';
import { renderDocsPage } from './docs-page.ts';
import { httpEvent } from './http-event.ts';
import { invoke } from './lambda-runtime.ts';
import { log } from './log.ts';

/**
 * Plays API Gateway (HTTP API) in front of the catalogue's HTTP functions: routes by method and path
 * template, hands each handler a payload-2.0 event, and writes back its structured result. It also
 * serves the dev issuer's JWKS, the OpenAPI document, a docs page, and a way to run schedules by hand.
 */

/** API Gateway allows 10 MB; locally we refuse earlier than that, before any handler runs. */
export const maxRequestBytes = 1024 * 1024;

export interface ApiServerOptions {
  readonly port: number;
  readonly jwks: JSONWebKeySet;
  readonly runSchedule: (name: string, input: unknown) => Promise<unknown>;
  /**
   * The SES emulator emits no events: this puts a real-shaped SES event (as the configuration set's
   * SNS destination delivers it, raw) on the EmailEvents queue, where the same consumer as in AWS reads it.
   */
  readonly putSesEvent?: (json: string) => Promise<string>;
}

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  /**
   * Until ready(), the configured port answers 503 to everything but the JWKS (handlers fetch it to
   * verify tokens), so nobody reads a half-loaded stack; set-up (the demo load) calls the API here, on
   * a loopback port of its own that ready() closes.
   */
  readonly setupUrl: string;
  ready(): Promise<void>;
  stop(): Promise<void>;
}

interface Request {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly params: Record<string, string>;
  readonly routeKey: string;
  readonly sourceIp: string;
  readonly requestId: string;
}

interface Response {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly cookies?: readonly string[];
}

interface Route {
  readonly method: string;
  readonly path: string;
  readonly segments: readonly string[];
  readonly handle: (request: Request) => Promise<Response>;
}

const route = (method: string, path: string, handle: Route['handle']): Route => ({ method, path, segments: path.split('/').slice(1), handle });

const jwksPath = '/.well-known/jwks.json';

const isParam = (segment: string) => segment.startsWith('{') && segment.endsWith('}');

/** Path parameters when the path fits the template, as API Gateway decodes them. */
function matchPath(template: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of template.entries()) {
    const segment = segments[i] ?? '';
    if (isParam(part)) {
      if (segment === '') return undefined;
      try {
        params[part.slice(1, -1)] = decodeURIComponent(segment);
      } catch {
        return undefined;
      }
    } else if (part !== segment) return undefined;
  }
  return params;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response => ({
  status,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

const problem = (status: number, type: string, title: string, detail: string, headers: Record<string, string> = {}): Response => ({
  status,
  headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify({ type: `/problems/${type}`, title, status, detail }),
});

/** Lambda results: a structured result is used as is; anything else is a 200 JSON body, as API Gateway infers. */
function fromLambdaResult(result: unknown): Response {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    const r = result as APIGatewayProxyStructuredResultV2;
    const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k, String(v)]));
    const body = r.body === undefined ? undefined : r.isBase64Encoded ? Buffer.from(r.body, 'base64') : r.body;
    return { status: r.statusCode ?? 200, headers, ...(body === undefined ? {} : { body }), ...(r.cookies ? { cookies: r.cookies } : {}) };
  }
  return { status: 200, headers: { 'content-type': 'application/json' }, body: typeof result === 'string' ? result : JSON.stringify(result ?? null) };
}

function lambdaRoute(definition: FunctionDefinition, trigger: HttpTrigger): Route {
  return route(trigger.method, trigger.path, async (request) => {
    const event = httpEvent({
      method: request.method,
      rawPath: request.rawPath,
      rawQueryString: request.rawQueryString,
      headers: request.headers,
      routeKey: request.routeKey,
      pathParameters: request.params,
      body: request.body,
      sourceIp: request.sourceIp,
      requestId: request.requestId,
    });
    try {
      return fromLambdaResult(await invoke(definition, event, request.requestId));
    } catch (error) {
      // What API Gateway answers when the integration fails.
      log.error(`${definition.name} threw`, error);
      return json(500, { message: 'Internal Server Error' });
    }
  });
}

function localRoutes(options: ApiServerOptions): Route[] {
  const schedules = catalogue.flatMap(({ name, description, trigger }) => {
    if (trigger.type !== 'schedule') return [];
    const { expression, timezone }: ScheduleTrigger = trigger;
    return [{ name: name as string, description, schedule: timezone ? `${expression} ${timezone}` : expression }];
  });
  let openApi: Promise<unknown> | undefined;
  const document = () =>
    (openApi ??= import('../functions/platform/openapi.ts').then((m) => m.buildOpenApiDocument()).catch((error: unknown) => {
      openApi = undefined;
      throw error;
    }));
  return [
    route('GET', jwksPath, async () => json(200, options.jwks, { 'cache-control': 'max-age=300' })),
    route('GET', '/openapi.json', async () => json(200, await document())),
    route('GET', '/docs', async () => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: renderDocsPage(await document(), schedules) })),
    route('POST', '/local/schedules/{name}/run', async ({ params, body }) => {
      let input: unknown = {};
      try {
        if (body.trim()) input = JSON.parse(body);
      } catch {
        return problem(400, 'malformedJson', problemTypes.malformedJson.title, 'The schedule input must be JSON (or empty).');
      }
      const name = params.name ?? '';
      if (!schedules.some((s) => s.name === name)) return problem(404, 'notFound', 'No such schedule', `Schedules: ${schedules.map((s) => s.name).join(', ')}.`);
      return json(200, { schedule: name, result: (await options.runSchedule(name, input)) ?? null });
    }),
    route('POST', '/local/ses-events', async ({ body }) => {
      try {
        JSON.parse(body);
      } catch {
        return problem(400, 'malformedJson', problemTypes.malformedJson.title, 'Send an SES event as JSON (eventType, mail with tags.correspondenceId, bounce/complaint/delivery...).');
      }
      if (!options.putSesEvent) return problem(404, 'routeNotFound', problemTypes.routeNotFound.title, 'This stack has no SES event queue.');
      return json(202, { queued: true, messageId: await options.putSesEvent(body) });
    }),
  ];
}

/**
 * The body, or undefined when it is too large. An oversized body is still read to its end (up to a
 * hard cap) so the client gets the 413 rather than a reset connection.
 */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxRequestBytes) chunks.push(chunk);
      else if (size > 16 * maxRequestBytes) req.destroy();
    });
    req.once('end', () => resolve(size > maxRequestBytes ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.once('close', () => resolve(undefined));
    req.once('error', reject);
  });
}

function write(res: ServerResponse, response: Response, requestId: string): void {
  const headers: Record<string, string | string[]> = { ...response.headers, 'apigw-requestid': requestId };
  if (response.cookies?.length) headers['set-cookie'] = [...response.cookies];
  res.writeHead(response.status, headers);
  res.end(response.body);
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const routes: Route[] = [
    ...catalogue.flatMap((definition) => (definition.trigger.type === 'http' ? [lambdaRoute(definition, definition.trigger)] : [])),
    ...localRoutes(options),
  ];
  // As in API Gateway, the most specific template wins: more literal segments first.
  const literalCount = (r: Route) => r.segments.filter((s) => !isParam(s)).length;
  routes.sort((a, b) => literalCount(b) - literalCount(a));

  let starting = true;
  const handle = async (req: IncomingMessage, res: ServerResponse, gated: boolean) => {
    const started = Date.now();
    const requestId = randomUUID();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
    const rawQueryString = queryAt === -1 ? '' : url.slice(queryAt + 1);
    let response: Response;
    try {
      const segments = rawPath.split('/').slice(1);
      const candidates = routes.flatMap((r) => {
        const params = matchPath(r.segments, segments);
        return params ? [{ route: r, params }] : [];
      });
      const matched = candidates.find((c) => c.route.method === method);
      if (gated && starting && rawPath !== jwksPath) {
        response = problem(503, 'starting', 'The local stack is starting', 'The local stack is still starting (loading demo data); try again in a moment.', { 'retry-after': '1' });
        req.resume();
      } else if (!matched) {
        response = candidates.length === 0
          ? problem(404, 'routeNotFound', problemTypes.routeNotFound.title, `There is no route ${method} ${rawPath}.`)
          : problem(405, 'methodNotAllowed', 'Method not allowed', `${rawPath} does not accept ${method}.`, {
              allow: [...new Set(candidates.map((c) => c.route.method))].join(', '),
            });
        req.resume();
      } else {
        const body = await readBody(req);
        if (body === undefined) {
          response = problem(413, 'payloadTooLarge', problemTypes.payloadTooLarge.title, `The body must be at most ${maxRequestBytes} bytes.`, { connection: 'close' });
        } else {
          response = await matched.route.handle({
            method,
            rawPath,
            rawQueryString,
            headers: req.headers,
            body,
            params: matched.params,
            routeKey: `${matched.route.method} ${matched.route.path}`,
            sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
            requestId,
          });
        }
      }
    } catch (error) {
      log.error(`${method} ${rawPath} failed`, error);
      response = json(500, { message: 'Internal Server Error' });
    }
    write(res, response, requestId);
    log.info(`${method} ${rawPath} -> ${response.status} (${Date.now() - started} ms)`);
  };

  const listen = async (gated: boolean, port: number) => {
    const server = createServer((req, res) => void handle(req, res, gated));
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    const close = () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    return { port: (server.address() as AddressInfo).port, close };
  };
  // The configured port first, so a port in use fails at once, before any set-up.
  const main = await listen(true, options.port);
  const setup = await listen(false, 0).catch(async (error: unknown) => {
    await main.close();
    throw error;
  });
  return {
    url: `http://127.0.0.1:${main.port}`,
    port: main.port,
    setupUrl: `http://127.0.0.1:${setup.port}`,
    async ready() {
      starting = false;
      await setup.close();
    },
    stop: async () => {
      await Promise.all([main.close(), setup.close()]);
    },
  };
}
