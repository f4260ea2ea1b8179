import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { Problem } from './problem.ts';
import { isRole, type Role } from './roles.ts';
import { platformEnv } from './resources.ts';

/**
 * Who is calling, from a verified token. People sign in with Cognito ID tokens (the dev issuer mimics
 * them); a machine (the Fulfilment House) with a Cognito access token from the client-credentials grant.
 */
export interface Principal {
  /** Staff id, portal user name or, for a machine, its app client id: recorded in audit events. */
  readonly id: string;
  readonly roles: readonly Role[];
  /** For clients of the self-service portal: the SCIN whose records they may see. */
  readonly scin?: string;
  /** For staff: the segments they work in; they reach only the cases those segments own. */
  readonly segments: readonly string[];
}

/** Cognito ID token claims; custom:segments is a comma-separated custom attribute. */
export const claims = { groups: 'cognito:groups', username: 'cognito:username', scin: 'custom:scin', segments: 'custom:segments' } as const;

/** Roles a machine holds, through an OAuth scope of its access token rather than a group. */
export type MachineRole = Extract<Role, 'fulfilment-house'>;

/**
 * The Cognito resource server machine clients get their scopes from: an access token's `scope` claim
 * names `<identifier>/<scope>`, and each scope here grants one machine role.
 */
export const resourceServer = {
  identifier: 'cms-client-contact',
  scopes: { 'fulfilment-house.report': 'fulfilment-house' },
} as const satisfies { identifier: string; scopes: Record<string, MachineRole> };

/** The full scope (`<resource server>/<scope>`) that grants a machine role. */
export const machineScopeFor = (role: MachineRole): string => {
  const scope = Object.entries(resourceServer.scopes).find(([, r]) => r === role)?.[0];
  if (!scope) throw new Error(`No scope grants the role ${role}`);
  return `${resourceServer.identifier}/${scope}`;
};

const roleOfScope = (scope: string): MachineRole | undefined => {
  const prefix = `${resourceServer.identifier}/`;
  if (!scope.startsWith(prefix)) return undefined;
  return (resourceServer.scopes as Record<string, MachineRole>)[scope.slice(prefix.length)];
};

/** Roles that must be a token's only group: a client or a machine is never also staff. */
const soleRoles: readonly Role[] = ['client', 'fulfilment-house'];

/** When a person holds several staff groups, the route uses the first of these it allows. */
export const staffPrecedence: readonly Role[] = ['team-leader', 'case-manager', 'caseworker', 'third-party-team'];

export interface AuthSettings {
  readonly issuer: string;
  /** The `aud` of ID tokens: the UI app client id. */
  readonly audience: string;
  readonly jwksUrl: string;
  /**
   * The app clients whose access tokens (client-credentials grant) are accepted, by `client_id`. None
   * set means no machine may call: every access token is refused.
   */
  readonly machineClientIds: readonly string[];
}

/** The issuer, audience and keys every token is checked against: missing settings stop the function, never skip a check. */
export function authSettings(): AuthSettings {
  const issuer = process.env[platformEnv.jwtIssuer];
  const audience = process.env[platformEnv.jwtAudience];
  const jwksUrl = process.env[platformEnv.jwksUrl];
  const missing = [[platformEnv.jwtIssuer, issuer], [platformEnv.jwtAudience, audience], [platformEnv.jwksUrl, jwksUrl]].filter(([, v]) => !v).map(([k]) => k);
  if (missing.length > 0) throw new Error(`Token settings missing: ${missing.join(', ')}`);
  const machineClientIds = (process.env[platformEnv.machineClientIds] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return { issuer: issuer!, audience: audience!, jwksUrl: jwksUrl!, machineClientIds };
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

/**
 * Verifies the bearer token (signature, issuer, expiry, and the audience: `aud` for an ID token,
 * `client_id` for an access token) and reads the caller from it.
 */
export async function authenticate(authorization: string | undefined): Promise<Principal> {
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '');
  if (!match?.[1]) throw new Problem('unauthenticated', 'Send an Authorization header of the form "Bearer <token>".');
  let payload: Record<string, unknown>;
  const settings = authSettings();
  try {
    // No audience here: Cognito access tokens carry none (their client is `client_id`); each kind is checked below.
    ({ payload } = await jwtVerify(match[1], keySet(), { issuer: settings.issuer, algorithms: ['RS256'], clockTolerance: 5 }));
  } catch {
    throw new Problem('unauthenticated', 'The bearer token is not valid: it may have expired or been issued by someone else.');
  }
  if (payload.token_use === 'access') return machinePrincipal(payload, settings);
  if (payload.token_use !== 'id') throw new Problem('unauthenticated', 'Send an ID token (token_use "id"), or a machine client\'s access token.');
  const aud = payload.aud;
  if (!(aud === settings.audience || (Array.isArray(aud) && aud.includes(settings.audience)))) {
    throw new Problem('unauthenticated', 'The bearer token is not valid: it may have expired or been issued by someone else.');
  }
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

/**
 * A machine's access token (client-credentials grant): from a configured machine client, for no user
 * and with no groups, and every scope one that grants a machine role. Any other access token (a
 * person's, another client's, another scope) is refused: people call with their ID token.
 */
function machinePrincipal(payload: Record<string, unknown>, settings: AuthSettings): Principal {
  const refuse = (why: string) => new Problem('unauthenticated', `This access token is not accepted: ${why}. People send their ID token; only the Fulfilment House's client sends an access token.`);
  const clientId = payload.client_id;
  if (typeof clientId !== 'string' || !settings.machineClientIds.includes(clientId)) throw refuse('it was not issued to a machine client of this service');
  if (claims.groups in payload) throw refuse('it carries groups');
  if ('username' in payload || claims.username in payload) throw refuse('it names a user');
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  const roles = scopes.map(roleOfScope);
  if (roles.length === 0 || roles.some((r) => r === undefined)) throw refuse(`its scope must be ${Object.keys(resourceServer.scopes).map((s) => `${resourceServer.identifier}/${s}`).join(' or ')}`);
  return { id: clientId, roles: [...new Set(roles as MachineRole[])], segments: [] };
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
