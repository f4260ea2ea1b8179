import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { Problem } from './problem.ts';
import { isRole, type Role } from './roles.ts';
import { platformEnv } from './resources.ts';

/** Who is calling, from a verified token. Claims follow Cognito ID tokens, which the dev issuer mimics. */
export interface Principal {
  /** Staff id or portal user name, recorded in audit events. */
  readonly id: string;
  readonly roles: readonly Role[];
  /** For clients of the self-service portal: the SCIN whose records they may see. */
  readonly scin?: string;
}

export const claims = { groups: 'cognito:groups', username: 'cognito:username', scin: 'custom:scin' } as const;

let keys: JWTVerifyGetKey | undefined;

function keySet(): JWTVerifyGetKey {
  if (keys) return keys;
  const url = process.env[platformEnv.jwksUrl];
  if (!url) throw new Error(`${platformEnv.jwksUrl} is not set`);
  // A data: URL lets in-process tests and benchmarks hand over the keys without a server.
  keys = url.startsWith('data:')
    ? createLocalJWKSet(JSON.parse(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').toString('utf8')))
    : createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  return keys;
}

/** Verifies the bearer token (signature, issuer, audience, expiry) and reads the caller from it. */
export async function authenticate(authorization: string | undefined): Promise<Principal> {
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '');
  if (!match?.[1]) throw new Problem('unauthenticated', 'Send an Authorization header of the form "Bearer <token>".');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(match[1], keySet(), {
      issuer: process.env[platformEnv.jwtIssuer],
      audience: process.env[platformEnv.jwtAudience],
      algorithms: ['RS256'],
      clockTolerance: 5,
    }));
  } catch {
    throw new Problem('unauthenticated', 'The bearer token is not valid: it may have expired or been issued by someone else.');
  }
  const groups = payload[claims.groups];
  const roles = Array.isArray(groups) ? groups.filter(isRole) : [];
  const id = payload[claims.username] ?? payload.sub;
  const scin = payload[claims.scin];
  if (typeof id !== 'string') throw new Problem('unauthenticated', 'The token names no user.');
  if (roles.includes('client') && typeof scin !== 'string') throw new Problem('unauthenticated', 'A client token must carry the client SCIN.');
  return { id, roles, ...(typeof scin === 'string' ? { scin } : {}) };
}

/** The first of the caller's roles that the route allows, or a 403 naming the allowed roles. */
export function authorise(principal: Principal, allowed: readonly Role[]): Role {
  const role = principal.roles.find((r) => allowed.includes(r));
  if (!role) throw new Problem('forbidden', `This needs one of the roles: ${allowed.join(', ')}.`, { allowedRoles: allowed });
  return role;
}

/** A client may only reach records of their own SCIN; staff pass. */
export function assertOwnRecord(principal: Principal, role: Role, scins: readonly (string | undefined)[]): void {
  if (role !== 'client') return;
  if (!principal.scin || !scins.includes(principal.scin)) {
    // 404, not 403: a client must not learn that someone else's record exists.
    throw new Problem('notFound', 'No such record for you.');
  }
}

/** Test seam: forget cached keys when the issuer changes. */
export const resetKeyCache = (): void => {
  keys = undefined;
};
