import { describe, expect, it } from 'vitest';
import { demo } from '../../local/demo-data.ts';
import { maxRequestBytes, startApiServer } from '../../local/api-server.ts';
import { setQuiet } from '../../local/log.ts';
import { anonymous, api } from '../support/api.ts';

describe('local stack API', () => {
  it('serves a catalogue route to a caseworker', async () => {
    const res = await api('caseworker').get('/service-request-types');
    expect(res.status).toBe(200);
    expect((res.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await anonymous().get('/no/such/route');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toEqual({ type: '/problems/routeNotFound', title: 'No such route', status: 404, detail: 'There is no route GET /no/such/route.' });
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const res = await api('caseworker').delete(`/cases/${demo.cases.main}`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'PUT']);
    expect((res.body as { type: string }).type).toBe('/problems/methodNotAllowed');
  });

  it('refuses a body over 1 MiB with 413 before any handler runs', async () => {
    const res = await anonymous({ 'content-type': 'application/json' }).raw('POST', '/service-requests', 'x'.repeat(maxRequestBytes + 1));
    expect(res.status).toBe(413);
    expect((res.body as { type: string }).type).toBe('/problems/payloadTooLarge');
  });

  it('has loaded the demo data through the handlers', async () => {
    const res = await api('case-manager').get(`/cases/${demo.cases.main}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseNumber: demo.cases.main, owningCaseworker: demo.caseworkers.main, receivingParent: demo.clients.receivingParent });
    const client = await api('client', { scin: demo.clients.receivingParent }).get(`/clients/${demo.clients.receivingParent}`);
    expect(client.body).toMatchObject({ selfServiceUser: true, email: 'amelia.hartwell@example.com' });
  });

  it('serves the JWKS, the OpenAPI document and the docs page', async () => {
    const jwks = await anonymous().get('/.well-known/jwks.json');
    expect((jwks.body as { keys: { kty: string; d?: string }[] }).keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256' })]);
    expect((jwks.body as { keys: { d?: string }[] }).keys[0]?.d).toBeUndefined(); // never the private part
    const openapi = await anonymous().get('/openapi.json');
    expect(openapi.status).toBe(200);
    expect((openapi.body as { openapi: string }).openapi).toMatch(/^3\./);
    const docs = await anonymous().get('/docs');
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
    expect(docs.body).toContain('/service-requests/{srNumber}');
  });

  it('lists the local-only routes and every schedule on the docs page', async () => {
    const docs = await anonymous().get('/docs');
    for (const text of ['/local/schedules/{name}/run', '/.well-known/jwks.json', 'PRINT_BATCH_CUTOFF', 'runPrintBatch', 'requeueUnallocated', 'requeueStuckRenders']) {
      expect(docs.body).toContain(text);
    }
  });

  it('runs a schedule by hand', async () => {
    const res = await anonymous().post('/local/schedules/requeueUnallocated/run', {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ schedule: 'requeueUnallocated', result: { requeued: expect.any(Number) } });
  });
});

describe('local API server before the stack is ready', () => {
  it('answers 503 on the configured port (the JWKS aside) and serves set-up on its own port until ready()', async () => {
    setQuiet(true); // this worker's own server: no request log lines in the test output
    const jwks = { keys: [] };
    const server = await startApiServer({ port: 0, jwks, runSchedule: async () => null });
    try {
      const early = await fetch(`${server.url}/cases/${demo.cases.main}`);
      expect(early.status).toBe(503);
      expect(early.headers.get('content-type')).toBe('application/problem+json');
      expect(early.headers.get('retry-after')).toBe('1');
      expect(await early.json()).toMatchObject({ type: '/problems/starting', status: 503 });
      expect(await (await fetch(`${server.url}/.well-known/jwks.json`)).json()).toEqual(jwks);
      expect((await fetch(`${server.setupUrl}/no/such/route`)).status).toBe(404);

      await server.ready();
      expect((await fetch(`${server.url}/no/such/route`)).status).toBe(404);
      await expect(fetch(`${server.setupUrl}/no/such/route`)).rejects.toThrow(); // set-up's port is closed
    } finally {
      await server.stop();
    }
  });
});
