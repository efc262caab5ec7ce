import type { EntityManager } from 'typeorm';
import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { Clock } from '../../auth/clock';
import { KEY, ORG, platform } from '../../tenancy/testing/builders';
import { keyEntity } from '../../tenancy/testing/entities';
import { mockOf } from '../../tenancy/testing/mock-of';
import { KeyMinter } from '../key-minter';
import { KeysRepository, type NewKey } from '../keys.repository';
import { RotateKeyUseCase } from './rotate-key.usecase';

describe('RotateKeyUseCase', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  let keys: jest.Mocked<KeysRepository>;
  let changes: jest.Mocked<AdminChangesPublisher>;
  let useCase: RotateKeyUseCase;
  const NEW_ID = '01900000-0000-7000-8000-0000000000ff';

  beforeEach(() => {
    keys = mockOf(KeysRepository);
    changes = mockOf(AdminChangesPublisher);
    const clock = mockOf(Clock);
    clock.now.mockReturnValue(now);
    const minter = mockOf(KeyMinter);
    minter.mint.mockReturnValue({ secret: 'sk-ic-new', hash: Buffer.alloc(32, 1), hint: 'sk-ic-new…' });
    keys.find.mockResolvedValue(keyEntity({ allowedModels: ['mock/*'], tags: ['ci'], metadata: { env: 'prod' } }));
    keys.transaction.mockImplementation(async (work) => work({} as EntityManager));
    keys.insert.mockImplementation(async (k: NewKey) => keyEntity({ ...k, id: NEW_ID }));
    keys.revoke.mockResolvedValue(keyEntity({ revokedAt: new Date(now) }));
    keys.update.mockImplementation(async (_o, _id, patch) => keyEntity(patch));
    useCase = new RotateKeyUseCase(keys, minter, changes, clock);
  });

  it('issues a new secret with the same owner and settings, and revokes the old key at once by default', async () => {
    const created = await useCase.execute(platform, ORG, 'virtual', KEY, {});
    expect(created.secret).toBe('sk-ic-new');
    expect(created.key).toMatchObject({ id: NEW_ID, rotatedFrom: KEY, allowedModels: ['mock/*'], tags: ['ci'], metadata: { env: 'prod' } });
    expect(keys.revoke).toHaveBeenCalledWith(ORG, KEY, expect.anything());
    expect(changes.record).toHaveBeenCalledWith(platform, ORG, expect.objectContaining({ action: 'key.rotated', resourceId: KEY, changes: expect.objectContaining({ newKeyId: NEW_ID, oldKeyStatus: 'revoked' }) }));
  });

  it('keeps the old key working for a grace period instead', async () => {
    await useCase.execute(platform, ORG, 'virtual', KEY, { gracePeriodSeconds: 3600 });
    expect(keys.revoke).not.toHaveBeenCalled();
    expect(keys.update).toHaveBeenCalledWith(ORG, KEY, { expiresAt: new Date(now + 3_600_000) }, expect.anything());
  });

  it('refuses to rotate a revoked key', async () => {
    keys.find.mockResolvedValue(keyEntity({ revokedAt: new Date(now - 1000) }));
    await expect(useCase.execute(platform, ORG, 'virtual', KEY, {})).rejects.toMatchObject({ code: 'key_already_revoked' });
    expect(keys.insert).not.toHaveBeenCalled();
  });
});
