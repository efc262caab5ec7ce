/**
 * Roles, weakest first. A user holds a role in a team, or org-wide (a membership without a team);
 * their effective role in a team is the stronger of the two.
 *   viewer  read-only
 *   member  read; manage their own keys; request model access
 *   admin   manage the team: members up to admin, projects, keys, access requests
 *           (org-wide: every team, users, org-wide members up to admin)
 *   owner   everything, including owners; org-wide owners also manage admin keys and the org
 */
export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export const roleRank = (role: Role | undefined): number => (role ? ROLES.indexOf(role) + 1 : 0);

export const strongerRole = (a: Role | undefined, b: Role | undefined): Role | undefined => (roleRank(a) >= roleRank(b) ? a : b);

export const atLeast = (role: Role | undefined, min: Role): boolean => roleRank(role) >= roleRank(min);
