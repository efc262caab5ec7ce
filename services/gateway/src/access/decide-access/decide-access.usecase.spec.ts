import type { EntityManager } from 'typeorm';
import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { KEY, ORG, OTHER_TEAM, PROJECT, TEAM, platform, userActor } from '../../tenancy/testing/builders';
import { accessRequestEntity } from '../../tenancy/testing/entities';
import { mockOf } from '../../tenancy/testing/mock-of';
import type { AccessRequestEntity } from '../access-request.entity';
import { AccessRequestsRepository, type LayerLists } from '../access-requests.repository';
import { DecideAccessUseCase } from './decide-access.usecase';

describe('DecideAccessUseCase', () => {
  let requests: jest.Mocked<AccessRequestsRepository>;
  let changes: jest.Mocked<AdminChangesPublisher>;
  let useCase: DecideAccessUseCase;
  const REQUEST = accessRequestEntity().id;
  const teamAdmin = userActor({ teams: { [TEAM]: 'admin' }, userId: 'boss' });

  const withLists = (lists: LayerLists, request: Partial<AccessRequestEntity> = {}) => {
    requests.lockForDecision.mockResolvedValue(accessRequestEntity(request));
    requests.layerLists.mockResolvedValue(lists);
  };

  beforeEach(() => {
    requests = mockOf(AccessRequestsRepository);
    changes = mockOf(AdminChangesPublisher);
    requests.transaction.mockImplementation(async (work) => work({} as EntityManager));
    requests.saveDecision.mockImplementation(async (_em, _org, _id, d) => accessRequestEntity({ ...d }));
    useCase = new DecideAccessUseCase(requests, changes);
  });

  it('adds the model to every layer that refuses it, never to an empty (unrestricted) list', async () => {
    withLists({ org: [], team: ['mock/*'], project: [], key: ['mock/*'] }, { projectId: PROJECT });
    const decided = await useCase.approve(teamAdmin, ORG, REQUEST, { note: 'ok' });
    expect(requests.appendAllowedModel.mock.calls.map((c) => [c[1], c[3], c[4]])).toEqual([
      ['team', TEAM, 'openai/gpt-4o'],
      ['key', KEY, 'openai/gpt-4o'],
    ]);
    expect(decided).toMatchObject({ status: 'approved', grantedAt: ['team', 'key'], grantedPattern: 'openai/gpt-4o', decisionNote: 'ok' });
  });

  it('grants a broader pattern when the admin gives one that matches the model', async () => {
    withLists({ org: [], team: [], project: null, key: ['mock/*'] });
    await useCase.approve(teamAdmin, ORG, REQUEST, { pattern: 'openai/gpt-4o*' });
    expect(requests.appendAllowedModel).toHaveBeenCalledWith(expect.anything(), 'key', ORG, KEY, 'openai/gpt-4o*');
  });

  it('refuses a pattern that does not match the requested model', async () => {
    withLists({ org: [], team: [], project: null, key: ['mock/*'] });
    await expect(useCase.approve(teamAdmin, ORG, REQUEST, { pattern: 'anthropic/*' })).rejects.toMatchObject({ code: 'pattern_does_not_match' });
    expect(requests.saveDecision).not.toHaveBeenCalled();
  });

  it("needs an org-wide admin when the organisation's list refuses the model", async () => {
    withLists({ org: ['mock/*'], team: [], project: null, key: [] });
    await expect(useCase.approve(teamAdmin, ORG, REQUEST, {})).rejects.toMatchObject({ code: 'insufficient_role' });
    await expect(useCase.approve(platform, ORG, REQUEST, {})).resolves.toMatchObject({ grantedAt: ['org'] });
  });

  it('announces the approval with the ids it touched, so replicas re-read the key', async () => {
    withLists({ org: [], team: [], project: null, key: ['mock/*'] });
    await useCase.approve(teamAdmin, ORG, REQUEST, {});
    expect(changes.record).toHaveBeenCalledWith(
      teamAdmin,
      ORG,
      expect.objectContaining({ action: 'access_request.approved', resourceType: 'access_request', changes: expect.objectContaining({ keyId: KEY, teamId: TEAM, model: 'openai/gpt-4o' }) }),
    );
  });

  it('denies, touching no allow-list', async () => {
    requests.lockForDecision.mockResolvedValue(accessRequestEntity());
    await expect(useCase.deny(teamAdmin, ORG, REQUEST, { note: 'no budget' })).resolves.toMatchObject({ status: 'denied' });
    expect(requests.appendAllowedModel).not.toHaveBeenCalled();
    expect(changes.record).toHaveBeenCalledWith(teamAdmin, ORG, expect.objectContaining({ action: 'access_request.denied' }));
  });

  it('refuses a decision twice (409), a member (403) and an admin of another team (404)', async () => {
    requests.lockForDecision.mockResolvedValue(accessRequestEntity({ status: 'approved' }));
    await expect(useCase.deny(teamAdmin, ORG, REQUEST, {})).rejects.toMatchObject({ code: 'access_request_decided' });
    requests.lockForDecision.mockResolvedValue(accessRequestEntity());
    await expect(useCase.deny(userActor({ teams: { [TEAM]: 'member' } }), ORG, REQUEST, {})).rejects.toMatchObject({ code: 'insufficient_role' });
    await expect(useCase.deny(userActor({ teams: { [OTHER_TEAM]: 'admin' } }), ORG, REQUEST, {})).rejects.toMatchObject({ code: 'access_request_not_found' });
  });
});
