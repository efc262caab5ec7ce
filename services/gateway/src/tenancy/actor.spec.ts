import type { Actor } from './actor';
import { Rbac } from './actor';
import { ROLES, type Role } from './roles';
import { TenancyErrorCode } from './tenancy.exception';
import { ORG, OTHER_ORG, OTHER_TEAM, platform, TEAM, userActor } from './testing/builders';

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('Rbac', () => {
  describe('organisations', () => {
    it('lets the platform admin into every organisation', () => {
      expect(codeOf(() => Rbac.requireOrgRole(platform, OTHER_ORG, 'owner'))).toBeUndefined();
    });

    it('answers not found — never forbidden — for another organisation, whatever the role', () => {
      for (const role of ROLES) {
        expect(codeOf(() => Rbac.requireOrg(userActor({ orgRole: role }), OTHER_ORG))).toBe(TenancyErrorCode.OrgNotFound);
        expect(codeOf(() => Rbac.requireOrgRole(userActor({ orgRole: role }), OTHER_ORG, 'viewer'))).toBe(TenancyErrorCode.OrgNotFound);
        expect(codeOf(() => Rbac.requireTeamRead(userActor({ orgRole: role, teams: { [TEAM]: 'owner' } }), OTHER_ORG, TEAM))).toBe(TenancyErrorCode.OrgNotFound);
      }
    });

    it.each<[Role | undefined, Role, boolean]>([
      ['owner', 'owner', true],
      ['admin', 'owner', false],
      ['admin', 'admin', true],
      ['member', 'admin', false],
      ['viewer', 'viewer', true],
      [undefined, 'viewer', false],
    ])('org-wide %s needing %s: allowed %s (403 otherwise)', (held, needed, allowed) => {
      expect(codeOf(() => Rbac.requireOrgRole(userActor({ orgRole: held }), ORG, needed))).toBe(allowed ? undefined : TenancyErrorCode.InsufficientRole);
    });

    it('keeps org-scoped actors out of platform-only operations', () => {
      expect(codeOf(() => Rbac.requirePlatform(userActor({ orgRole: 'owner' })))).toBe(TenancyErrorCode.PlatformAdminOnly);
    });
  });

  describe('teams', () => {
    const teamRole = (teams: Record<string, Role>, orgRole?: Role): Actor => userActor({ orgRole, teams });

    it('takes the stronger of the org-wide role and the team role', () => {
      expect(Rbac.teamRole(teamRole({ [TEAM]: 'viewer' }, 'admin'), ORG, TEAM)).toBe('admin');
      expect(Rbac.teamRole(teamRole({ [TEAM]: 'owner' }, 'viewer'), ORG, TEAM)).toBe('owner');
      expect(Rbac.teamRole(teamRole({}, 'member'), ORG, OTHER_TEAM)).toBe('member');
    });

    it('hides a team the actor has no role in (404), and refuses a weaker role in a visible one (403)', () => {
      const member = teamRole({ [TEAM]: 'member' });
      expect(codeOf(() => Rbac.requireTeamRead(member, ORG, OTHER_TEAM))).toBe(TenancyErrorCode.TeamNotFound);
      expect(codeOf(() => Rbac.requireTeamRole(member, ORG, OTHER_TEAM, 'admin'))).toBe(TenancyErrorCode.TeamNotFound);
      expect(codeOf(() => Rbac.requireTeamRole(member, ORG, TEAM, 'admin'))).toBe(TenancyErrorCode.InsufficientRole);
      expect(codeOf(() => Rbac.requireTeamRole(teamRole({ [TEAM]: 'admin' }), ORG, TEAM, 'admin'))).toBeUndefined();
    });

    it('lets a team admin manage their own team only', () => {
      const admin = teamRole({ [TEAM]: 'admin' });
      expect(codeOf(() => Rbac.requireTeamRole(admin, ORG, TEAM, 'admin'))).toBeUndefined();
      expect(codeOf(() => Rbac.requireTeamRole(admin, ORG, OTHER_TEAM, 'viewer'))).toBe(TenancyErrorCode.TeamNotFound);
    });

    it('reads every team with any org-wide role, else only the teams one is in', () => {
      expect(Rbac.readableTeams(teamRole({}, 'viewer'), ORG)).toBe('all');
      expect(Rbac.readableTeams(teamRole({ [TEAM]: 'member' }), ORG)).toEqual([TEAM]);
      expect(Rbac.readableTeams(teamRole({ [TEAM]: 'owner' }), OTHER_ORG)).toEqual([]);
    });

    it('lets nobody assign a role stronger than their own', () => {
      const admin = teamRole({ [TEAM]: 'admin' });
      expect(codeOf(() => Rbac.requireCanAssign(admin, ORG, TEAM, 'admin'))).toBeUndefined();
      expect(codeOf(() => Rbac.requireCanAssign(admin, ORG, TEAM, 'owner'))).toBe(TenancyErrorCode.InsufficientRole);
      expect(codeOf(() => Rbac.requireCanAssign(admin, ORG, null, 'member'))).toBe(TenancyErrorCode.InsufficientRole);
      expect(codeOf(() => Rbac.requireCanAssign(platform, ORG, null, 'owner'))).toBeUndefined();
    });
  });
});
