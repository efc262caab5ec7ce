import { KeyAuthenticator } from '../../auth/key-authenticator';
import { CreateKeyUseCase } from '../../keys/create-key/create-key.usecase';
import { ManageMembershipsUseCase } from '../../tenancy/manage-memberships/manage-memberships.usecase';
import { ManageOrgsUseCase } from '../../tenancy/manage-orgs/manage-orgs.usecase';
import { ManageProjectsUseCase } from '../../tenancy/manage-projects/manage-projects.usecase';
import { ManageTeamsUseCase } from '../../tenancy/manage-teams/manage-teams.usecase';
import { ManageUsersUseCase } from '../../tenancy/manage-users/manage-users.usecase';
import { TenancyRepository } from '../../tenancy/tenancy.repository';
import { startTestGateway, type TestGateway } from '../testing/gateway.fixture';
import { DemoSeeder } from './demo-seeder';

describe('DemoSeeder (real Postgres and NATS)', () => {
  let gw: TestGateway;
  let seeder: DemoSeeder;

  beforeAll(async () => {
    gw = await startTestGateway('cpseed');
    const get = <T>(t: abstract new (...a: never[]) => T) => gw.app.get(t as never) as T;
    seeder = new DemoSeeder(
      get(TenancyRepository),
      get(ManageOrgsUseCase),
      get(ManageTeamsUseCase),
      get(ManageProjectsUseCase),
      get(ManageUsersUseCase),
      get(ManageMembershipsUseCase),
      get(CreateKeyUseCase),
      get(KeyAuthenticator),
    );
  });

  afterAll(async () => {
    await gw?.stop();
  });

  it('creates the demo org, team, project, owner and keys that work right away', async () => {
    const report = await seeder.run('demo', {});
    expect(report.created).toEqual(expect.arrayContaining(['organisation demo', 'team demo-team', 'project demo-project', 'user demo@example.com']));
    const whoami = await gw.call<Record<string, unknown>>('GET', '/v1/whoami', report.apiKey);
    expect(whoami.body).toMatchObject({ orgId: 'demo', principal: { userId: report.userId, teamId: report.teamId, projectId: report.projectId, role: 'owner' } });
    const key = await gw.call<{ items: { allowedModels: string[] }[] }>('GET', `/admin/v1/orgs/demo/keys?userId=${report.userId}`, report.orgAdminKey);
    expect(key.status).toBe(200);
    expect(key.body.items[0].allowedModels).toEqual(['mock/*']);
  });

  it('changes nothing and keeps the keys on a second run', async () => {
    const first = await seeder.run('demo', {});
    const again = await seeder.run('demo', { apiKey: first.apiKey, orgAdminKey: first.orgAdminKey });
    expect(again).toEqual({ ...first, created: [] });
  });

  it('issues a new virtual key when the stored one was revoked, and keeps the admin key', async () => {
    const before = await seeder.run('demo', {});
    const keyId = ((await gw.call<{ principal: { keyId: string } }>('GET', '/v1/whoami', before.apiKey)).body.principal.keyId);
    expect((await gw.call('POST', `/admin/v1/orgs/demo/keys/${keyId}/revoke`, gw.adminKey)).status).toBe(200);
    const after = await seeder.run('demo', { apiKey: before.apiKey, orgAdminKey: before.orgAdminKey });
    expect(after.apiKey).not.toBe(before.apiKey);
    expect(after.orgAdminKey).toBe(before.orgAdminKey);
    expect(after.created).toEqual([expect.stringMatching(/^virtual key sk-ic-/)]);
    expect((await gw.call('GET', '/v1/whoami', after.apiKey)).status).toBe(200);
  });

  it('replaces keys that are not ours at all', async () => {
    const after = await seeder.run('demo', { apiKey: 'garbage', orgAdminKey: 'sk-ic-admin-nope' });
    expect((await gw.call('GET', '/v1/whoami', after.apiKey)).status).toBe(200);
    expect((await gw.call('GET', '/v1/whoami', after.orgAdminKey)).status).toBe(200);
  });
});
