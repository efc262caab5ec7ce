import { atLeast, type Role, strongerRole } from './roles';
import { TenancyError, TenancyErrorCode } from './tenancy.exception';

/**
 * Who performs an administrative action.
 * `platform`: the bootstrap admin key (IRONCAGE_ADMIN_KEY) or an operator tool such as the demo
 * seed; may act on any organisation. `user`: an org-scoped admin key, acting with the roles of
 * the user it belongs to, inside that user's organisation only.
 */
export type Actor =
  | { readonly type: 'platform'; readonly id: string }
  | {
      readonly type: 'user';
      /** The admin key's id (what events record as the actor). */
      readonly id: string;
      readonly orgId: string;
      readonly userId: string;
      /** Org-wide role (a membership without a team), if any. */
      readonly orgRole?: Role;
      readonly teamRoles: Readonly<Record<string, Role>>;
    };

/** Every permission check of the admin API, as pure functions of the actor (unit-tested as a matrix). */
export const Rbac = {
  /** The organisation is the actor's (or the actor is the platform); else it does not exist for them. */
  requireOrg(actor: Actor, orgId: string): void {
    if (actor.type === 'user' && actor.orgId !== orgId) throw TenancyError.orgNotFound(orgId);
  },

  requirePlatform(actor: Actor): void {
    if (actor.type !== 'platform') throw new TenancyError(TenancyErrorCode.PlatformAdminOnly, 'Only the platform admin key may do this');
  },

  orgRole(actor: Actor, orgId: string): Role | undefined {
    if (actor.type === 'platform') return 'owner';
    return actor.orgId === orgId ? actor.orgRole : undefined;
  },

  /** Org-wide role at least `min` (404 outside the org, 403 inside). */
  requireOrgRole(actor: Actor, orgId: string, min: Role): void {
    Rbac.requireOrg(actor, orgId);
    if (!atLeast(Rbac.orgRole(actor, orgId), min)) throw TenancyError.insufficientRole(`org-wide ${min}`);
  },

  /** The stronger of the actor's org-wide role and their role in the team. */
  teamRole(actor: Actor, orgId: string, teamId: string): Role | undefined {
    if (actor.type === 'platform') return 'owner';
    if (actor.orgId !== orgId) return undefined;
    return strongerRole(actor.orgRole, actor.teamRoles[teamId]);
  },

  canReadTeam(actor: Actor, orgId: string, teamId: string): boolean {
    return atLeast(Rbac.teamRole(actor, orgId, teamId), 'viewer');
  },

  /** Can read the team (else 404: a team you have no role in does not exist for you). */
  requireTeamRead(actor: Actor, orgId: string, teamId: string): void {
    Rbac.requireOrg(actor, orgId);
    if (!Rbac.canReadTeam(actor, orgId, teamId)) throw TenancyError.teamNotFound(teamId);
  },

  /** Effective role in the team at least `min` (404 when the team is invisible, 403 when only weaker). */
  requireTeamRole(actor: Actor, orgId: string, teamId: string, min: Role): void {
    Rbac.requireTeamRead(actor, orgId, teamId);
    if (!atLeast(Rbac.teamRole(actor, orgId, teamId), min)) throw TenancyError.insufficientRole(`${min} (in the team)`);
  },

  /** Granting or taking away `role` needs at least that role yourself: nobody escalates past their own rank. */
  requireCanAssign(actor: Actor, orgId: string, teamId: string | null, role: Role): void {
    const own = teamId === null ? Rbac.orgRole(actor, orgId) : Rbac.teamRole(actor, orgId, teamId);
    if (!atLeast(own, role)) throw TenancyError.insufficientRole(role);
  },

  /** Teams whose contents the actor may read: `all`, or the ids of the teams they hold a role in. */
  readableTeams(actor: Actor, orgId: string): 'all' | string[] {
    if (atLeast(Rbac.orgRole(actor, orgId), 'viewer')) return 'all';
    if (actor.type !== 'user' || actor.orgId !== orgId) return [];
    return Object.keys(actor.teamRoles);
  },

  /** Teams the actor administers (role admin or owner there). */
  administersAnyTeam(actor: Actor, orgId: string): boolean {
    if (atLeast(Rbac.orgRole(actor, orgId), 'admin')) return true;
    return actor.type === 'user' && actor.orgId === orgId && Object.values(actor.teamRoles).some((r) => atLeast(r, 'admin'));
  },

  isUser(actor: Actor, userId: string): boolean {
    return actor.type === 'user' && actor.userId === userId;
  },
};
