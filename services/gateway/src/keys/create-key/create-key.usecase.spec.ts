import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { Clock } from '../../auth/clock';
import { TenancyRepository } from '../../tenancy/tenancy.repository';
import { OTHER_TEAM, PROJECT, TEAM, USER, ORG, OTHER_ORG, platform, userActor } from '../../tenancy/testing/builders';
import { keyEntity, membershipEntity, projectEntity, teamEntity, userEntity } from '../../tenancy/testing/entities';
import { mockOf } from '../../tenancy/testing/mock-of';
import { KeyMinter } from '../key-minter';
import { KeysRepository, type NewKey } from '../keys.repository';
import { CreateKeyUseCase } from './create-key.usecase';

describe('CreateKeyUseCase', () => {
  let keys: jest.Mocked<KeysRepository>;
  let tenancy: jest.Mocked<TenancyRepository>;
  let minter: jest.Mocked<KeyMinter>;
  let changes: jest.Mocked<AdminChangesPublisher>;
  let clock: jest.Mocked<Clock>;
  let useCase: CreateKeyUseCase;
  const SECRET = 'sk-ic-THESECRETTHESECRETTHESECRETTHESECRETTHESECRETXY';

  beforeEach(() => {
    keys = mockOf(KeysRepository);
    tenancy = mockOf(TenancyRepository);
    minter = mockOf(KeyMinter);
    changes = mockOf(AdminChangesPublisher);
    clock = mockOf(Clock);
    clock.now.mockReturnValue(Date.parse('2026-01-01T00:00:00Z'));
    minter.mint.mockReturnValue({ secret: SECRET, hash: Buffer.alloc(32, 7), hint: 'sk-ic-THES…ETXY' });
    keys.insert.mockImplementation(async (k: NewKey) => keyEntity({ ...k }));
    tenancy.findTeam.mockResolvedValue(teamEntity());
    tenancy.findUser.mockResolvedValue(userEntity());
    tenancy.findProject.mockResolvedValue(projectEntity());
    tenancy.membershipsOfUser.mockResolvedValue([membershipEntity({ role: 'member' })]);
    useCase = new CreateKeyUseCase(keys, tenancy, minter, changes, clock);
  });

  const forUser = { name: 'laptop', owner: { type: 'user' as const, userId: USER, teamId: TEAM }, allowedModels: ['openai/gpt-4o*'], tags: ['dev'] };

  it('returns the secret once and stores only its hash and hint', async () => {
    const created = await useCase.createVirtual(platform, ORG, forUser);
    expect(created.secret).toBe(SECRET);
    const stored = keys.insert.mock.calls[0][0];
    expect(stored.hash).toEqual(Buffer.alloc(32, 7));
    expect(JSON.stringify({ ...stored, hash: undefined })).not.toContain(SECRET);
    expect(created.key).toMatchObject({ kind: 'virtual', ownerType: 'user', teamId: TEAM, userId: USER, allowedModels: ['openai/gpt-4o*'], tags: ['dev'], status: 'active' });
  });

  it('announces the key without its secret or hash', async () => {
    await useCase.createVirtual(platform, ORG, forUser);
    const [, orgId, change] = changes.record.mock.calls[0];
    expect(orgId).toBe(ORG);
    expect(change).toMatchObject({ action: 'key.created', resourceType: 'key' });
    const text = JSON.stringify(change);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('hash');
  });

  it("gives a project key its project's team", async () => {
    tenancy.findProject.mockResolvedValue(projectEntity({ teamId: OTHER_TEAM }));
    const created = await useCase.createVirtual(platform, ORG, { name: 'ci', owner: { type: 'project', projectId: PROJECT } });
    expect(created.key).toMatchObject({ ownerType: 'project', projectId: PROJECT, teamId: OTHER_TEAM, userId: null });
  });

  it('lets a team admin issue keys for the team, and a member only for themselves', async () => {
    await expect(useCase.createVirtual(userActor({ teams: { [TEAM]: 'admin' }, userId: 'someone-else' }), ORG, forUser)).resolves.toBeDefined();
    await expect(useCase.createVirtual(userActor({ teams: { [TEAM]: 'member' } }), ORG, forUser)).resolves.toBeDefined();
    await expect(useCase.createVirtual(userActor({ teams: { [TEAM]: 'member' }, userId: 'someone-else' }), ORG, forUser)).rejects.toMatchObject({ code: 'insufficient_role' });
    await expect(useCase.createVirtual(userActor({ teams: { [TEAM]: 'member' } }), ORG, { name: 't', owner: { type: 'team', teamId: TEAM } })).rejects.toMatchObject({
      code: 'insufficient_role',
    });
  });

  it('hides teams and projects the actor cannot see (404)', async () => {
    const outsider = userActor({ teams: { [OTHER_TEAM]: 'admin' } });
    await expect(useCase.createVirtual(outsider, ORG, forUser)).rejects.toMatchObject({ code: 'team_not_found' });
    await expect(useCase.createVirtual(outsider, ORG, { name: 'ci', owner: { type: 'project', projectId: PROJECT } })).rejects.toMatchObject({ code: 'project_not_found' });
    await expect(useCase.createVirtual(userActor({ orgRole: 'owner' }), OTHER_ORG, forUser)).rejects.toMatchObject({ code: 'org_not_found' });
    expect(keys.insert).not.toHaveBeenCalled();
  });

  it('refuses a key for a user who is not at least a member of the team', async () => {
    tenancy.membershipsOfUser.mockResolvedValue([membershipEntity({ role: 'viewer' })]);
    await expect(useCase.createVirtual(platform, ORG, forUser)).rejects.toMatchObject({ code: 'invalid_key_owner' });
  });

  it("refuses a user key on another team's project", async () => {
    tenancy.findProject.mockResolvedValue(projectEntity({ teamId: OTHER_TEAM }));
    await expect(useCase.createVirtual(platform, ORG, { ...forUser, owner: { ...forUser.owner, projectId: PROJECT } })).rejects.toMatchObject({ code: 'invalid_key_owner' });
  });

  it('refuses an expiry in the past, naming the field', async () => {
    await expect(useCase.createVirtual(platform, ORG, { ...forUser, expiresAt: '2025-12-31T00:00:00Z' })).rejects.toMatchObject({
      code: 'invalid_request',
      details: [{ path: 'body.expiresAt', message: 'must be in the future' }],
    });
  });

  it('validates allowed-model patterns, naming the bad one', async () => {
    await expect(useCase.createVirtual(platform, ORG, { ...forUser, allowedModels: ['mock/*', '*'] })).rejects.toMatchObject({
      code: 'invalid_request',
      details: [expect.objectContaining({ path: 'body.allowedModels[1]' })],
    });
  });

  describe('admin keys', () => {
    it('are issued by org-wide owners only', async () => {
      await expect(useCase.createAdmin(userActor({ orgRole: 'owner' }), ORG, { name: 'ops', userId: USER })).resolves.toMatchObject({ key: { kind: 'admin', userId: USER } });
      await expect(useCase.createAdmin(userActor({ orgRole: 'admin' }), ORG, { name: 'ops', userId: USER })).rejects.toMatchObject({ code: 'insufficient_role' });
      await expect(useCase.createAdmin(userActor({ orgRole: 'owner', org: OTHER_ORG }), ORG, { name: 'ops', userId: USER })).rejects.toMatchObject({ code: 'org_not_found' });
    });
  });
});
