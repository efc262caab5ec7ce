import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { mockOf } from '../testing/mock-of';
import { ORG, OTHER_TEAM, OTHER_USER, TEAM, USER, userActor } from '../testing/builders';
import { membershipEntity, teamEntity, userEntity } from '../testing/entities';
import { TenancyRepository } from '../tenancy.repository';
import { ManageMembershipsUseCase } from './manage-memberships.usecase';

describe('ManageMembershipsUseCase', () => {
  let tenancy: jest.Mocked<TenancyRepository>;
  let changes: jest.Mocked<AdminChangesPublisher>;
  let useCase: ManageMembershipsUseCase;
  const teamAdmin = userActor({ teams: { [TEAM]: 'admin' }, userId: USER });

  beforeEach(() => {
    tenancy = mockOf(TenancyRepository);
    changes = mockOf(AdminChangesPublisher);
    tenancy.findTeam.mockResolvedValue(teamEntity());
    tenancy.findOrg.mockResolvedValue({ id: ORG, name: 'Acme', allowedModels: [], createdAt: new Date(), updatedAt: new Date() });
    tenancy.findUser.mockResolvedValue(userEntity({ id: OTHER_USER }));
    tenancy.findMembership.mockResolvedValue(null);
    tenancy.upsertMembership.mockImplementation(async (_o, userId, teamId, role) => ({ membership: membershipEntity({ userId, teamId, role }) }));
    useCase = new ManageMembershipsUseCase(tenancy, changes);
  });

  describe('set', () => {
    it('lets a team admin add members and admins to their team, and announces it with the user id', async () => {
      await expect(useCase.set(teamAdmin, ORG, TEAM, OTHER_USER, { role: 'admin' })).resolves.toMatchObject({ role: 'admin', userId: OTHER_USER });
      expect(changes.record).toHaveBeenCalledWith(
        teamAdmin,
        ORG,
        expect.objectContaining({ action: 'membership.created', changes: expect.objectContaining({ userId: OTHER_USER, teamId: TEAM, role: 'admin' }) }),
      );
    });

    it('does not let a team admin make anyone an owner, or demote an owner', async () => {
      await expect(useCase.set(teamAdmin, ORG, TEAM, OTHER_USER, { role: 'owner' })).rejects.toMatchObject({ code: 'insufficient_role' });
      tenancy.findMembership.mockResolvedValue(membershipEntity({ userId: OTHER_USER, role: 'owner' }));
      await expect(useCase.set(teamAdmin, ORG, TEAM, OTHER_USER, { role: 'member' })).rejects.toMatchObject({ code: 'insufficient_role' });
      expect(tenancy.upsertMembership).not.toHaveBeenCalled();
    });

    it('keeps a team admin out of org-wide roles and other teams', async () => {
      await expect(useCase.set(teamAdmin, ORG, null, OTHER_USER, { role: 'viewer' })).rejects.toMatchObject({ code: 'insufficient_role' });
      await expect(useCase.set(teamAdmin, ORG, OTHER_TEAM, OTHER_USER, { role: 'viewer' })).rejects.toMatchObject({ code: 'team_not_found' });
    });

    it('refuses members and viewers', async () => {
      await expect(useCase.set(userActor({ teams: { [TEAM]: 'member' } }), ORG, TEAM, OTHER_USER, { role: 'viewer' })).rejects.toMatchObject({ code: 'insufficient_role' });
    });

    it('names an unknown role', async () => {
      await expect(useCase.set(teamAdmin, ORG, TEAM, OTHER_USER, { role: 'god' as never })).rejects.toMatchObject({ details: [expect.objectContaining({ path: 'body.role' })] });
    });
  });

  describe('remove', () => {
    it('lets anyone leave a team', async () => {
      tenancy.findMembership.mockResolvedValue(membershipEntity({ userId: USER, role: 'member' }));
      await expect(useCase.remove(userActor({ teams: { [TEAM]: 'member' }, userId: USER }), ORG, TEAM, USER)).resolves.toBeUndefined();
      expect(tenancy.deleteMembership).toHaveBeenCalledWith(ORG, USER, TEAM);
    });

    it('does not let a member remove someone else', async () => {
      tenancy.findMembership.mockResolvedValue(membershipEntity({ userId: OTHER_USER }));
      await expect(useCase.remove(userActor({ teams: { [TEAM]: 'member' } }), ORG, TEAM, OTHER_USER)).rejects.toMatchObject({ code: 'insufficient_role' });
    });
  });
});
