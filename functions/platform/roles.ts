/** The people who call the system, as Cognito groups (AWS) or the dev issuer's groups claim (local). */
export const staffRoles = ['caseworker', 'case-manager', 'team-leader', 'third-party-team'] as const;
/** The Fulfilment House (print supplier) reports on print batches through its own integration user. */
export const roles = [...staffRoles, 'client', 'fulfilment-house'] as const;

export type Role = (typeof roles)[number];
export type StaffRole = (typeof staffRoles)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (roles as readonly string[]).includes(value);

/** Role sets routes use. */
export const allStaff: readonly Role[] = staffRoles;
export const caseStaff: readonly Role[] = ['caseworker', 'case-manager', 'team-leader'];
export const readModelWriters: readonly Role[] = ['case-manager', 'team-leader'];
export const staffAndClient: readonly Role[] = [...staffRoles, 'client'];
export const thirdPartyTeam: readonly Role[] = ['third-party-team'];
