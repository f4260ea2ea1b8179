import { AsyncLocalStorage } from 'node:async_hooks';
import { Problem } from './problem.ts';
import type { Role } from './roles.ts';

/**
 * Access as the procedures draw it: "The caseworker will only be able to access detailed information
 * related to the case they are managing." Staff reach the cases owned by the segments they work in, and
 * everything hanging off those cases (SRs, letters, emails, duplicate requests, notes, audit, the clients
 * and employers on them); anything else answers 404, exactly as a record that does not exist.
 *
 * The caller is set once per request by the HTTP edge (http-handler.ts) and read here by the stores that
 * load case-scoped records, so every route is covered by the same rule and no route can forget it.
 * Queue consumers and schedules run with no caller: they act for the system. Clients are scoped by their
 * SCIN elsewhere (assertOwnRecord).
 */

export interface Caller {
  readonly id: string;
  readonly role: Role;
  readonly segments: readonly string[];
}

interface Scope {
  readonly caller: Caller;
  /** Cases read during this request: owning segment by case number (one read per case per request). */
  readonly segments: Map<string, Promise<string | undefined>>;
}

const storage = new AsyncLocalStorage<Scope>();

export const withCaller = <T>(caller: Caller, run: () => Promise<T>): Promise<T> => storage.run({ caller, segments: new Map() }, run);

/** The caller of the request being served, if any. */
export const currentCaller = (): Caller | undefined => storage.getStore()?.caller;

/**
 * Staff whose reach is limited by segment. Clients are scoped by their SCIN (assertOwnRecord) and
 * machines by their routes. The third-party team is not segment-scoped yet: its own set of routes, which
 * shows it who owns a case and nothing more, is still to come (see the README's access section).
 */
const segmentScoped = (role: Role): boolean => role === 'caseworker' || role === 'case-manager' || role === 'team-leader';


/** Whether the request's caller is limited by segment (staff other than the third-party team). */
export const segmentScopedCaller = (): boolean => { const caller = currentCaller(); return Boolean(caller && segmentScoped(caller.role)); };

/** Whether the caller may reach work of this segment (no caller: the system may). */
export function mayReachSegment(segment: string | undefined): boolean {
  const caller = currentCaller();
  if (!caller) return true;
  if (!segmentScoped(caller.role)) return true;
  return segment !== undefined && caller.segments.includes(segment);
}

/** A segment's queue or list: 404 for a segment the caller does not work in. */
export function assertSegment(segment: string, what: string): void {
  if (!mayReachSegment(segment)) throw new Problem('notFound', `There is no ${what}.`);
}

/**
 * Whether the case's owning segment is one of the caller's. `owningSegment` reads the case once per
 * request (a store that has just read the case remembers it instead).
 */
export async function reachesCase(caseNumber: string, owningSegment: (caseNumber: string) => Promise<string | undefined>): Promise<boolean> {
  const scope = storage.getStore();
  if (!scope || !segmentScoped(scope.caller.role)) return true;
  let segment = scope.segments.get(caseNumber);
  if (!segment) {
    segment = owningSegment(caseNumber);
    scope.segments.set(caseNumber, segment);
  }
  return mayReachSegment(await segment);
}

/** The case was just read: remember its segment for the rest of the request. */
export function rememberCase(caseNumber: string, owningSegment: string): void {
  storage.getStore()?.segments.set(caseNumber, Promise.resolve(owningSegment));
}

/**
 * Runs `work` for the system rather than the caller: for the few answers that must cross segments and
 * reveal only what the procedure allows (who owns a case, for routing a call or a letter).
 */
export const asSystem = <T>(work: () => Promise<T>): Promise<T> => storage.exit(work);
