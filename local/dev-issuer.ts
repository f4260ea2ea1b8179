import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import { claims, machineScopeFor, type MachineRole } from '../functions/platform/auth.ts';
import { isRole, staffRoles, type Role, type StaffRole } from '../functions/platform/roles.ts';
import { patterns } from '../functions/platform/identifiers.ts';

/**
 * A stand-in for Cognito: signs ID tokens, and the Fulfilment House's client-credentials access tokens,
 * with an RS256 key kept in the data directory, so tokens stay valid across restarts and `npm run token`
 * works whether or not the stack is running.
 */

export const devIssuer = 'https://dev-issuer.cms-client-contact.local';
export const devAudience = 'cms-client-contact-local';
/** The dev stand-in for the Fulfilment House's app client id (the client_id of its access tokens). */
export const devMachineClientId = 'cms-fulfilment-house-local';

export interface TokenRequest {
  readonly role: Role;
  readonly username?: string;
  /** Required for the client role: the SCIN the portal user may see. */
  readonly scin?: string;
  /** Staff: the segments they work in (default: the demo segments, which the demo users belong to). */
  readonly segments?: readonly string[];
  readonly ttlSeconds?: number;
  /** For tests of refusals: more groups than the one role, and another token_use than Cognito's "id". */
  readonly extraGroups?: readonly Role[];
  readonly tokenUse?: 'id' | 'access';
}

/** A Cognito access token from the client-credentials grant: client_id and scope, no user, no groups. */
export interface MachineTokenRequest {
  readonly role: MachineRole;
  readonly ttlSeconds?: number;
  /** For tests of refusals: another client, other scopes than the role's, or groups a machine never has. */
  readonly clientId?: string;
  readonly scopes?: readonly string[];
  readonly groups?: readonly string[];
}

/** The segments of the demo cases: the demo staff work in all of them. */
export const demoSegments = ['SEG-LEEDS-01', 'SEG-GLASGOW-03', 'SEG-BELFAST-02'] as const;

export interface DevIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** The machine client whose access tokens handlers accept (AUTH_MACHINE_CLIENT_IDS). */
  readonly machineClientId: string;
  readonly jwks: JSONWebKeySet;
  issueToken(request: TokenRequest): Promise<string>;
  issueMachineToken(request: MachineTokenRequest): Promise<string>;
}

const keyFile = (dataDir: string) => join(dataDir, 'dev-issuer', 'signing-key.json');

async function loadOrCreateKey(dataDir: string): Promise<JWK> {
  const file = keyFile(dataDir);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = createHash('sha256').update(jwk.n ?? '').digest('base64url').slice(0, 16);
  const stored = { ...jwk, kid, alg: 'RS256', use: 'sig' };
  mkdirSync(join(dataDir, 'dev-issuer'), { recursive: true });
  // Write then rename, so a token CLI racing the stack never reads half a key.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(stored), { mode: 0o600 });
  renameSync(temporary, file);
  return stored;
}

/** Default staff ids; the caseworker is the one who owns the demo's main case. */
export const defaultStaffIds: Record<Exclude<Role, 'client'>, string> = {
  caseworker: 'cw-alice',
  'case-manager': 'cm-carys',
  'team-leader': 'tl-tomos',
  'third-party-team': 'tp-priya',
  'fulfilment-house': 'fh-printco',
};

/** A portal user is named after their SCIN. */
export const defaultUsername = (role: Role, scin?: string): string => (role === 'client' ? `portal-${scin}` : defaultStaffIds[role]);

export async function loadDevIssuer(dataDir: string): Promise<DevIssuer> {
  const privateJwk = await loadOrCreateKey(dataDir);
  const { kty, n, e, kid, alg, use } = privateJwk;
  const publicJwk = { kty, n, e, kid, alg, use } as JWK;
  const signingKey = await importJWK(privateJwk, 'RS256');

  return {
    issuer: devIssuer,
    audience: devAudience,
    machineClientId: devMachineClientId,
    jwks: { keys: [publicJwk] },
    async issueToken({ role, username, scin, segments, ttlSeconds = 8 * 3600, extraGroups = [], tokenUse = 'id' }) {
      if (!isRole(role)) throw new Error(`Unknown role ${String(role)}`);
      if (role === 'client' && !(scin && patterns.scin.test(scin))) throw new Error('A client token needs --scin with the 10-digit SCIN');
      const user = username ?? defaultUsername(role, scin);
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        token_use: tokenUse,
        auth_time: now,
        [claims.groups]: [role, ...extraGroups],
        [claims.username]: user,
        ...(role === 'client' ? { [claims.scin]: scin } : {}),
        // A custom attribute, as Cognito carries it: one comma-separated string.
        ...(staffRoles.includes(role as StaffRole) ? { [claims.segments]: (segments ?? demoSegments).join(',') } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}) })
        .setIssuer(devIssuer)
        .setAudience(devAudience)
        // Cognito's sub is a stable UUID per user; derive one from the user name.
        .setSubject(stableUuid(user))
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(signingKey);
    },
    async issueMachineToken({ role, ttlSeconds = 3600, clientId = devMachineClientId, scopes, groups }) {
      const scope = (scopes ?? [machineScopeFor(role)]).join(' ');
      const now = Math.floor(Date.now() / 1000);
      // As Cognito writes them: no aud (the client is client_id), sub is the client id, and no user claims.
      return new SignJWT({
        token_use: 'access',
        client_id: clientId,
        scope,
        auth_time: now,
        version: 2,
        jti: randomUUID(),
        ...(groups ? { [claims.groups]: [...groups] } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}) })
        .setIssuer(devIssuer)
        .setSubject(clientId)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .sign(signingKey);
    },
  };
}

function stableUuid(name: string): string {
  const hex = createHash('sha256').update(`dev-issuer:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
