import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { demo } from '../../local/demo-data.ts';
import { devAudience, devIssuer } from '../../local/dev-issuer.ts';
import { repoRoot } from '../../local/paths.ts';

const run = promisify(execFile);
const { dataDir, jwks, apiUrl } = inject('localStack');
const tokenCli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'local/token-cli.ts', '--data-dir', dataDir, ...args], { cwd: repoRoot });

describe('npm run token', () => {
  it('prints a token that verifies with the stack JWKS and carries Cognito ID token claims', async () => {
    const { stdout } = await tokenCli('--role', 'client', '--scin', demo.clients.receivingParent, '--user', 'amelia');
    const token = stdout.trim();
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer: devIssuer, audience: devAudience, algorithms: ['RS256'] });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: jwks.keys[0]?.kid });
    expect(payload).toMatchObject({ token_use: 'id', 'cognito:groups': ['client'], 'cognito:username': 'amelia', 'custom:scin': demo.clients.receivingParent });

    const res = await fetch(`${apiUrl}/clients/${demo.clients.receivingParent}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });

  it('refuses a client token without a SCIN', async () => {
    await expect(tokenCli('--role', 'client')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--scin') });
  });
});
