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
  /** For staff: the segments they work in; they reach only the cases those segments own. */
  readonly segments: readonly string[];
}

/** Cognito ID token claims; custom:segments is a comma-separated custom attribute. */
export const claims = { groups: 'cognito:groups', username: 'cognito:username', scin: 'custom:scin', segments: 'custom:segments' } as const;

/** Roles that must be a token's only group: a client or a machine is never also staff. */
const soleRoles: readonly Role[] = ['client', 'fulfilment-house'];

/** When a person holds several staff groups, the route uses the first of these it allows. */
export const staffPrecedence: readonly Role[] = ['team-leader', 'case-manager', 'caseworker', 'third-party-team'];

/** The issuer, audience and keys every token is checked against: missing settings stop the function, never skip a check. */
export function authSettings(): { issuer: string; audience: string; jwksUrl: string } {
  const issuer = process.env[platformEnv.jwtIssuer];
  const audience = process.env[platformEnv.jwtAudience];
  const jwksUrl = process.env[platformEnv.jwksUrl];
  const missing = [[platformEnv.jwtIssuer, issuer], [platformEnv.jwtAudience, audience], [platformEnv.jwksUrl, jwksUrl]].filter(([, v]) => !v).map(([k]) => k);
  if (missing.length > 0) throw new Error(`Token settings missing: ${missing.join(', ')}`);
  return { issuer: issuer!, audience: audience!, jwksUrl: jwksUrl! };
}

let keys: JWTVerifyGetKey | undefined;

function keySet(): JWTVerifyGetKey {
  if (keys) return keys;
  const url = authSettings().jwksUrl;
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
  const settings = authSettings();
  try {
    ({ payload } = await jwtVerify(match[1], keySet(), {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: ['RS256'],
      clockTolerance: 5,
    }));
  } catch {
    throw new Problem('unauthenticated', 'The bearer token is not valid: it may have expired or been issued by someone else.');
  }
  // Cognito ID tokens only: an access token (or anything else) is not accepted here.
  if (payload.token_use !== 'id') throw new Problem('unauthenticated', 'Send an ID token (token_use "id").');
  const groups = payload[claims.groups];
  const roles = Array.isArray(groups) ? groups.filter(isRole) : [];
  if (roles.some((r) => soleRoles.includes(r)) && roles.length > 1) {
    throw new Problem('forbidden', 'A client or machine sign-in cannot also hold another role.');
  }
  const segments = typeof payload[claims.segments] === 'string' ? (payload[claims.segments] as string).split(',').map((s) => s.trim()).filter(Boolean) : [];
  const id = payload[claims.username] ?? payload.sub;
  const scin = payload[claims.scin];
  if (typeof id !== 'string') throw new Problem('unauthenticated', 'The token names no user.');
  if (roles.includes('client') && typeof scin !== 'string') throw new Problem('unauthenticated', 'A client token must carry the client SCIN.');
  const rank = (r: Role) => (staffPrecedence.includes(r) ? staffPrecedence.indexOf(r) : staffPrecedence.length);
  const ordered = [...roles].sort((a, b) => rank(a) - rank(b));
  return { id, roles: ordered, segments, ...(typeof scin === 'string' ? { scin } : {}) };
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
