import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { Clock } from '../../auth/clock';
import { KEY, ORG, OTHER_TEAM, TEAM, platform, userActor } from '../../tenancy/testing/builders';
import { keyEntity } from '../../tenancy/testing/entities';
import { mockOf } from '../../tenancy/testing/mock-of';
import { KeysRepository } from '../keys.repository';
import { RevokeKeyUseCase } from './revoke-key.usecase';

describe('RevokeKeyUseCase', () => {
  let keys: jest.Mocked<KeysRepository>;
  let changes: jest.Mocked<AdminChangesPublisher>;
  let useCase: RevokeKeyUseCase;
  const revokedAt = new Date('2026-01-01T00:00:00Z');

  beforeEach(() => {
    keys = mockOf(KeysRepository);
    changes = mockOf(AdminChangesPublisher);
    const clock = mockOf(Clock);
    clock.now.mockReturnValue(revokedAt.getTime());
    keys.find.mockResolvedValue(keyEntity());
    keys.revoke.mockResolvedValue(keyEntity({ revokedAt }));
    useCase = new RevokeKeyUseCase(keys, changes, clock);
  });

  it('revokes and announces key.revoked naming the key, so every replica drops it', async () => {
    const view = await useCase.execute(platform, ORG, 'virtual', KEY);
    expect(view.status).toBe('revoked');
    expect(keys.revoke).toHaveBeenCalledWith(ORG, KEY);
    expect(changes.record).toHaveBeenCalledWith(platform, ORG, expect.objectContaining({ action: 'key.revoked', resourceType: 'key', resourceId: KEY }));
  });

  it('lets a team admin revoke the team’s keys and a member their own', async () => {
    await expect(useCase.execute(userActor({ teams: { [TEAM]: 'admin' }, userId: 'x' }), ORG, 'virtual', KEY)).resolves.toBeDefined();
    await expect(useCase.execute(userActor({ teams: { [TEAM]: 'member' } }), ORG, 'virtual', KEY)).resolves.toBeDefined();
  });

  it('refuses a viewer (403) and an outsider (404)', async () => {
    await expect(useCase.execute(userActor({ teams: { [TEAM]: 'viewer' }, userId: 'x' }), ORG, 'virtual', KEY)).rejects.toMatchObject({ code: 'insufficient_role' });
    await expect(useCase.execute(userActor({ teams: { [OTHER_TEAM]: 'owner' }, userId: 'x' }), ORG, 'virtual', KEY)).rejects.toMatchObject({ code: 'key_not_found' });
    expect(keys.revoke).not.toHaveBeenCalled();
  });

  it('answers not found for a key of another kind', async () => {
    keys.find.mockResolvedValue(null);
    await expect(useCase.execute(platform, ORG, 'admin', KEY)).rejects.toMatchObject({ code: 'key_not_found' });
    expect(keys.find).toHaveBeenCalledWith(ORG, KEY, 'admin');
  });
});
