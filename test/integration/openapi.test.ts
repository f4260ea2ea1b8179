import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../functions/catalogue.ts';
import type { HttpTrigger } from '../../functions/platform/catalogue-types.ts';
import { anonymous, api } from '../support/api.ts';
import { givenCase, givenServiceRequest } from './fixtures.ts';

type Doc = { openapi: string; paths: Record<string, Record<string, { 'x-roles': string[]; responses: Record<string, unknown> }>> };

let doc: Doc;
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** Validates a real response against the schema the OpenAPI document gives for that path, method and status. */
function expectDocumented(path: string, method: string, res: { status: number; headers: Headers; body: unknown }) {
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!;
  const ref = `openapi#/${pointer('paths', path, method, 'responses', String(res.status), 'content', contentType, 'schema')}`;
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  const ok = validate(res.body);
  expect(ok, `${method.toUpperCase()} ${path} ${res.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

describe('the OpenAPI document', () => {
  beforeAll(async () => {
    const res = await anonymous().get('/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body as Doc;
    ajv.addSchema(doc as object, 'openapi');
  });

  it('is OpenAPI 3.1 and documents every route with its roles', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const fn of catalogue) {
      if (fn.trigger.type !== 'http') continue;
      const trigger = fn.trigger as HttpTrigger;
      const operation = doc.paths[trigger.path]?.[trigger.method.toLowerCase()];
      expect(operation, `${trigger.method} ${trigger.path}`).toBeDefined();
      expect(operation?.['x-roles']).toEqual(trigger.roles);
    }
  });

  it('matches real responses, successes and problems alike', async () => {
    const fixture = await givenCase();
    const caseworker = api('caseworker');
    const created = await caseworker.post('/service-requests', { caseNumber: fixture.caseNumber, contact: { type: 'client', scin: fixture.receivingParent }, process: 'Manage Inbound Call', area: 'General Enquiry', subArea: 'General Enquiry', channel: 'phone' });
    expectDocumented('/service-requests', 'post', created);
    const { srNumber, etag } = await givenServiceRequest(fixture);
    expectDocumented('/service-requests/{srNumber}', 'get', await caseworker.get(`/service-requests/${srNumber}`));
    const started = await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'In Progress' }, { 'if-match': etag });
    expectDocumented('/service-requests/{srNumber}/status', 'post', started);
    expectDocumented('/service-requests/{srNumber}/activity-plan/{stepId}', 'put', await caseworker.put(`/service-requests/${srNumber}/activity-plan/call-back`, { done: true }, { 'if-match': started.headers.get('etag') ?? '' }));
    expectDocumented('/service-requests/{srNumber}/notes', 'post', await caseworker.post(`/service-requests/${srNumber}/notes`, { text: 'hello' }));
    expectDocumented('/service-requests/{srNumber}/notes', 'get', await caseworker.get(`/service-requests/${srNumber}/notes`));
    expectDocumented('/service-requests/{srNumber}/audit', 'get', await caseworker.get(`/service-requests/${srNumber}/audit`));
    expectDocumented('/cases/{caseNumber}/service-requests', 'get', await caseworker.get(`/cases/${fixture.caseNumber}/service-requests`));
    expectDocumented('/service-request-types', 'get', await caseworker.get('/service-request-types'));
    expectDocumented('/cases/{caseNumber}', 'get', await caseworker.get(`/cases/${fixture.caseNumber}`));
    expectDocumented('/clients/{scin}', 'get', await caseworker.get(`/clients/${fixture.receivingParent}`));
    expectDocumented('/cases/{caseNumber}/audit', 'get', await caseworker.get(`/cases/${fixture.caseNumber}/audit`));

    // Problems
    expectDocumented('/service-requests', 'post', await caseworker.post('/service-requests', { caseNumber: 'nope' }));
    expectDocumented('/service-requests/{srNumber}', 'get', await caseworker.get('/service-requests/SR-00000000'));
    expectDocumented('/service-requests/{srNumber}/status', 'post', await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Open' }, { 'if-match': etag }));
    expectDocumented('/service-requests/{srNumber}/status', 'post', await caseworker.post(`/service-requests/${srNumber}/status`, { status: 'Closed' }));
    expectDocumented('/cases/{caseNumber}', 'get', await api('client', { scin: fixture.receivingParent }).get(`/cases/${fixture.caseNumber}`));
  });
});
