import type { Actor } from '../actor';
import type { Role } from '../roles';

export const ORG = 'acme';
export const OTHER_ORG = 'globex';
export const TEAM = '01900000-0000-7000-8000-000000000001';
export const OTHER_TEAM = '01900000-0000-7000-8000-000000000002';
export const PROJECT = '01900000-0000-7000-8000-000000000003';
export const USER = '01900000-0000-7000-8000-000000000004';
export const OTHER_USER = '01900000-0000-7000-8000-000000000005';
export const KEY = '01900000-0000-7000-8000-000000000006';

export const platform: Actor = { type: 'platform', id: 'admin-platform' };

/** An admin-key actor of `org` with the given org-wide role and team roles. */
export function userActor(options: { orgRole?: Role; teams?: Record<string, Role>; userId?: string; org?: string } = {}): Actor {
  return {
    type: 'user',
    id: 'admin-key-1',
    orgId: options.org ?? ORG,
    userId: options.userId ?? USER,
    ...(options.orgRole ? { orgRole: options.orgRole } : {}),
    teamRoles: options.teams ?? {},
  };
}
