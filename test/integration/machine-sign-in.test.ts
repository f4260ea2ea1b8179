import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadDevIssuer, devMachineClientId, type DevIssuer } from '../../local/dev-issuer.ts';
import { repoRoot } from '../../local/paths.ts';
import { anonymous, api, type ApiClient } from '../support/api.ts';
import { givenCase } from './fixtures.ts';
import { givenSentLetter } from './letter-flows.ts';

/**
 * The Fulfilment House signs in as a machine: a Cognito client-credentials access token (client_id and
 * the report scope, no user, no groups). It reaches its report route and nothing else; any other access
 * token is refused.
 */

const { dataDir } = inject('localStack');
let issuer: DevIssuer;
beforeAll(async () => {
  issuer = await loadDevIssuer(dataDir);
});

const withToken = (token: string): ApiClient => anonymous({ authorization: `Bearer ${token}` });
const machine = async (request: Partial<Parameters<DevIssuer['issueMachineToken']>[0]> = {}) => withToken(await issuer.issueMachineToken({ role: 'fulfilment-house', ...request }));
const caseworker = api('caseworker', { username: 'cw-alice' });
type Letter = { status: string; statusHistory: { status: string; by: string }[] };
type AuditEvent = { action: string; actor: { id: string; role: string }; entity: { id: string } };
const problemType = (res: { body: unknown }) => (res.body as { type?: string }).type;

describe('the Fulfilment House as a machine', () => {
  it('its dev token is a Cognito client-credentials access token: client_id and scope, no user, no groups, no aud', async () => {
    const claims = decodeJwt(await issuer.issueMachineToken({ role: 'fulfilment-house' }));
    expect(claims).toMatchObject({ token_use: 'access', client_id: devMachineClientId, sub: devMachineClientId, scope: 'cms-client-contact/fulfilment-house.report' });
    for (const absent of ['aud', 'cognito:groups', 'cognito:username', 'username', 'custom:segments']) expect(claims, absent).not.toHaveProperty(absent);
  });

  it('reports on a print batch with its access token; the letter and the audit trail name its client id', async () => {
    const fixture = await givenCase();
    const letter = await givenSentLetter(fixture);
    const supplier = await machine();
    const report = await supplier.post(`/print-batches/${letter.batchId}/report`, { fulfilled: [letter.correspondenceId] });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body).toMatchObject({ fulfilled: 1, failed: 0, ignored: [] });

    const read = (await caseworker.get(`/letters/${letter.correspondenceId}`)).body as Letter;
    expect(read.status).toBe('Successfully Fulfilled');
    expect(read.statusHistory.at(-1)).toMatchObject({ status: 'Successfully Fulfilled', by: devMachineClientId });
    const audit = (await caseworker.get(`/cases/${fixture.caseNumber}/audit?limit=100`)).body as { items: AuditEvent[] };
    const fulfilled = audit.items.find((e) => e.action === 'LetterFulfilled' && e.entity.id === letter.correspondenceId);
    expect(fulfilled?.actor).toEqual({ id: devMachineClientId, role: 'fulfilment-house' });
  });

  it('npm run token -- --role fulfilment-house prints such a token, and it reaches the report route', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'local/token-cli.ts', '--data-dir', dataDir, '--role', 'fulfilment-house'], { cwd: repoRoot });
    const token = stdout.trim();
    expect(decodeJwt(token)).toMatchObject({ token_use: 'access', client_id: devMachineClientId, scope: 'cms-client-contact/fulfilment-house.report' });
    // Signed in and allowed: a batch nobody ran is the route's own 404, not a 401 or 403.
    const res = await withToken(token).post('/print-batches/2041-01-01/report', { fulfilled: [] });
    expect(res.status, JSON.stringify(res.body)).toBe(404);
    expect(problemType(res)).toMatch(/notFound$/);
    await expect(run(process.execPath, ['--import', 'tsx', 'local/token-cli.ts', '--data-dir', dataDir, '--role', 'fulfilment-house', '--user', 'someone'], { cwd: repoRoot })).rejects.toMatchObject({ code: 2 });
  });

  it('every other route answers 403 to it', async () => {
    const fixture = await givenCase();
    const letter = await givenSentLetter(fixture);
    const supplier = await machine();
    const calls = [
      () => supplier.get(`/cases/${fixture.caseNumber}`),
      () => supplier.get(`/letters/${letter.correspondenceId}`),
      () => supplier.get(`/cases/${fixture.caseNumber}/letters`),
      () => supplier.get(`/clients/${fixture.receivingParent}`),
      () => supplier.get('/service-request-types'),
      () => supplier.post('/service-requests', { caseNumber: fixture.caseNumber }),
      () => supplier.post(`/letters/${letter.correspondenceId}/cancel`, { reason: 'Generated In Error' }, { 'if-match': letter.etag }),
      () => supplier.get(`/cases/${fixture.caseNumber}/audit`),
    ];
    for (const call of calls) {
      const res = await call();
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(problemType(res)).toMatch(/forbidden$/);
    }
    // Nothing it was refused changed the letter.
    expect(((await caseworker.get(`/letters/${letter.correspondenceId}`)).body as Letter).status).toBe('Sent to Fulfilment House');
  });
});

describe('other access tokens are refused (401)', () => {
  const report = (client: ApiClient) => client.post('/print-batches/2041-01-02/report', { fulfilled: [] });

  it('a staff ID token used as if it were an access token', async () => {
    const res = await report(withToken(await issuer.issueToken({ role: 'caseworker', tokenUse: 'access' })));
    expect(res.status, JSON.stringify(res.body)).toBe(401);
    // The same staff token as an ID token is a person: not the Fulfilment House.
    expect((await report(withToken(await issuer.issueToken({ role: 'caseworker' })))).status).toBe(403);
  });

  it('an access token with another scope, or with the report scope and another besides', async () => {
    for (const scopes of [['cms-client-contact/letters.read'], ['other-api/fulfilment-house.report'], ['fulfilment-house.report'], ['openid', 'email'], [], ['cms-client-contact/fulfilment-house.report', 'aws.cognito.signin.user.admin']]) {
      const res = await report(await machine({ scopes }));
      expect(res.status, `${scopes.join(' ')}: ${JSON.stringify(res.body)}`).toBe(401);
      expect(problemType(res)).toMatch(/unauthenticated$/);
    }
  });

  it('an access token carrying groups, even the machine role as a group', async () => {
    for (const groups of [['fulfilment-house'], ['caseworker'], []]) {
      const res = await report(await machine({ groups }));
      expect(res.status, JSON.stringify(groups)).toBe(401);
    }
  });

  it('an access token from another client, even with the report scope', async () => {
    const res = await report(await machine({ clientId: 'some-other-client' }));
    expect(res.status, JSON.stringify(res.body)).toBe(401);
  });

  it('an expired machine token', async () => {
    const expired = await issuer.issueMachineToken({ role: 'fulfilment-house', ttlSeconds: -60 });
    expect((await report(withToken(expired))).status).toBe(401);
  });
});
