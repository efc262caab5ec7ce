import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { resolveCredential } from '../../auth/credential';
import { KeyAuthenticator } from '../../auth/key-authenticator';
import { KEY, ORG, TEAM, USER } from '../../tenancy/testing/builders';
import { credentialRow } from '../../tenancy/testing/credential-rows';
import { accessRequestEntity } from '../../tenancy/testing/entities';
import { mockOf } from '../../tenancy/testing/mock-of';
import { AccessRequestsRepository } from '../access-requests.repository';
import { RequestAccessUseCase } from './request-access.usecase';

describe('RequestAccessUseCase', () => {
  let requests: jest.Mocked<AccessRequestsRepository>;
  let authenticator: jest.Mocked<KeyAuthenticator>;
  let changes: jest.Mocked<AdminChangesPublisher>;
  let useCase: RequestAccessUseCase;
  const credential = resolveCredential(credentialRow({ allowedModels: ['mock/*'], teamModels: ['mock/*', 'openai/*'] }));

  beforeEach(() => {
    requests = mockOf(AccessRequestsRepository);
    authenticator = mockOf(KeyAuthenticator);
    changes = mockOf(AdminChangesPublisher);
    authenticator.credentialOf.mockReturnValue(credential);
    requests.insertOrGetPending.mockImplementation(async (r) => ({ request: accessRequestEntity({ ...r }), created: true }));
    useCase = new RequestAccessUseCase(requests, authenticator, changes);
  });

  it('records which layers refuse the model and announces the request', async () => {
    const { request, created } = await useCase.execute(credential.principal, { model: 'openai/gpt-4o', reason: 'evals' });
    expect(created).toBe(true);
    expect(request).toMatchObject({ orgId: ORG, keyId: KEY, teamId: TEAM, userId: USER, model: 'openai/gpt-4o', reason: 'evals', deniedBy: ['key'], status: 'pending' });
    expect(changes.record).toHaveBeenCalledWith({ type: 'key', id: KEY, userId: USER }, ORG, expect.objectContaining({ action: 'access_request.created' }));
  });

  it('refuses to ask for a model the key may already call', async () => {
    await expect(useCase.execute(credential.principal, { model: 'mock/gpt-4o-mini' })).rejects.toMatchObject({ code: 'model_already_allowed' });
  });

  it('returns the pending request when asked twice, announcing nothing new', async () => {
    requests.insertOrGetPending.mockResolvedValue({ request: accessRequestEntity(), created: false });
    await expect(useCase.execute(credential.principal, { model: 'openai/gpt-4o' })).resolves.toMatchObject({ created: false });
    expect(changes.record).not.toHaveBeenCalled();
  });

  it('names the field of an invalid model name', async () => {
    await expect(useCase.execute(credential.principal, { model: 'not a model' })).rejects.toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'body.model' })] });
  });
});
