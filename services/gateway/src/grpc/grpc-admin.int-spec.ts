import { credentials, loadPackageDefinition, Metadata, type ServiceClientConstructor, type ServiceError, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { BusConnection } from '@ironcage/bus';
import { type AdminChanged, adminChangedEvent, type Envelope } from '@ironcage/contracts';
import { freePort, testInfra } from '@ironcage/testing';
import { startTestGateway, type TestGateway } from '../admin/testing/gateway.fixture';
import { worldBuilder } from '../admin/testing/world';
import { gatewayProtoPath, inferenceService } from './grpc-inference.server';

type Obj = Record<string, unknown>;
type Unary = (request: unknown, metadata: Metadata, callback: (err: ServiceError | null, response: Obj) => void) => void;
interface Client {
  close(): void;
}

/** A refused call, as the client sees it. */
interface Refusal {
  code: status;
  errorCode: string | undefined;
  message: string;
  details?: { path?: string; message: string }[];
}

/**
 * `ironcage.gateway.v1.Admin` with @grpc/grpc-js as the client, against a whole gateway in this
 * process (real Postgres and NATS, gRPC on its own port): teams, members and keys administered
 * over gRPC behave — and are refused — exactly as over the admin REST API.
 */
describe('gRPC admin (ironcage.gateway.v1.Admin, gateway in-process, real Postgres and NATS)', () => {
  let gw: TestGateway;
  let w: ReturnType<typeof worldBuilder>;
  let admin: Client;
  let inference: Client;
  // org A (acme) and org B (globex)
  const A = { org: 'acme' } as Record<string, string>;
  const B = { org: 'globex' } as Record<string, string>;
  const secrets: string[] = [];

  const md = (key?: string) => {
    const m = new Metadata();
    if (key) m.set('authorization', `Bearer ${key}`);
    return m;
  };
  const invoke = (client: Client, method: string, request: unknown, key?: string) =>
    new Promise<Obj>((resolve, reject) => (client as unknown as Record<string, Unary>)[method](request, md(key), (err, res) => (err ? reject(err) : resolve(res))));
  const rpc = (method: string, request: unknown, key?: string) => invoke(admin, method, request, key);
  const refusal = async (p: Promise<unknown>): Promise<Refusal> => {
    const e = await p.then(
      (res) => {
        throw new Error(`expected a refusal, got ${JSON.stringify(res)}`);
      },
      (err: unknown) => err as ServiceError,
    );
    const bin = e.metadata.get('ironcage-error-details-bin')[0];
    return {
      code: e.code,
      errorCode: e.metadata.get('ironcage-error-code')[0] as string | undefined,
      message: e.details,
      ...(bin ? { details: JSON.parse((bin as Buffer).toString('utf8')) as Refusal['details'] } : {}),
    };
  };
  const refused = (method: string, request: unknown, key?: string) => refusal(rpc(method, request, key));
  /** The same operation over REST: status, code and message. */
  const rest = async (method: string, path: string, key: string, body?: unknown) => {
    const r = await gw.call<{ error?: { code: string; message: string } }>(method, path, key, body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}));
    return { status: r.status, code: r.body.error?.code, message: r.body.error?.message };
  };
  const chat = (secret: string) => gw.call<Obj>('POST', '/v1/chat/completions', secret, { model: 'mock/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] });

  beforeAll(async () => {
    const port = await freePort();
    gw = await startTestGateway('grpcadmin', { GATEWAY_GRPC_PORT: String(port) });
    w = worldBuilder(gw);
    // organisations and people exist only over REST
    for (const o of [A, B]) {
      await w.org(o.org);
      o.owner = (await w.user(o.org, 'owner@x.test')).id;
      o.viewer = (await w.user(o.org, 'viewer@x.test')).id;
      o.member = (await w.user(o.org, 'member@x.test')).id;
      await w.orgRole(o.org, o.owner, 'owner');
      const ownerKey = await w.adminKey(o.org, o.owner);
      o.ownerKey = ownerKey.secret;
      o.ownerKeyId = ownerKey.key.id;
      secrets.push(o.ownerKey);
    }
    // as a client would load it: the contract's .proto, unset fields read as their defaults
    const pkg = loadPackageDefinition(loadSync(gatewayProtoPath('gateway_admin.proto'), { keepCase: true, longs: Number, enums: String, defaults: true })) as unknown as {
      ironcage: { gateway: { v1: { Admin: ServiceClientConstructor } } };
    };
    const Admin = pkg.ironcage.gateway.v1.Admin;
    const Inference = inferenceService();
    admin = new Admin(`127.0.0.1:${port}`, credentials.createInsecure()) as unknown as Client;
    inference = new Inference(`127.0.0.1:${port}`, credentials.createInsecure()) as unknown as Client;

    // org B's team, members and keys, made over gRPC with B's owner key
    B.team = (await rpc('CreateTeam', { org_id: B.org, slug: 'ml', name: 'ML', allowed_models: ['mock/*'] }, B.ownerKey)).id as string;
    await rpc('SetTeamMember', { org_id: B.org, team_id: B.team, user_id: B.member, role: 'member' }, B.ownerKey);
    const bKey = (await rpc('CreateKey', { org_id: B.org, name: 'b', owner: { type: 'team', team_id: B.team } }, B.ownerKey)) as { key: Obj; secret: string };
    B.keyId = bKey.key.id as string;
    B.key = bKey.secret;
    secrets.push(B.key);
  });

  afterAll(async () => {
    admin?.close();
    inference?.close();
    await gw?.stop();
  });

  it('creates a team and a key over gRPC; the key calls a model over REST and gRPC; revoked over gRPC, it is refused on the next call', async () => {
    const team = await rpc('CreateTeam', { org_id: A.org, slug: 'ml', name: 'ML', allowed_models: ['mock/*'], metadata: { cost: 'c1' } }, A.ownerKey);
    expect(team).toMatchObject({ org_id: A.org, slug: 'ml', name: 'ML', allowed_models: ['mock/*'], metadata: { cost: 'c1' } });
    expect(team.id).toMatch(/^[0-9a-f-]{36}$/);
    A.team = team.id as string;
    expect(await rpc('SetTeamMember', { org_id: A.org, team_id: A.team, user_id: A.member, role: 'member' }, A.ownerKey)).toMatchObject({ user_id: A.member, team_id: A.team, role: 'member' });
    await rpc('SetTeamMember', { org_id: A.org, team_id: A.team, user_id: A.viewer, role: 'viewer' }, A.ownerKey);

    const created = (await rpc(
      'CreateKey',
      { org_id: A.org, name: 'svc', owner: { type: 'user', user_id: A.member, team_id: A.team }, allowed_models: ['mock/gpt-4o-mini'], tags: ['ci'] },
      A.ownerKey,
    )) as { key: Obj; secret: string };
    expect(created.secret).toMatch(/^sk-ic-/);
    expect(created.key).toMatchObject({ kind: 'virtual', owner_type: 'user', user_id: A.member, team_id: A.team, project_id: '', status: 'active', allowed_models: ['mock/gpt-4o-mini'], tags: ['ci'] });
    expect(created.key.hint).toContain(created.secret.slice(-4));
    A.keyId = created.key.id as string;
    A.key = created.secret;
    secrets.push(A.key);

    const viaRest = await chat(A.key);
    expect(viaRest.status).toBe(200);
    expect(viaRest.body).toMatchObject({ model: 'mock/gpt-4o-mini', choices: [{ message: { role: 'assistant' } }] });
    const viaGrpc = await invoke(inference, 'ChatCompletion', { model: 'mock/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, A.key);
    expect(viaGrpc).toMatchObject({ model: 'mock/gpt-4o-mini', finish_reason: 'stop' });

    const revoked = await rpc('RevokeKey', { org_id: A.org, key_id: A.keyId }, A.ownerKey);
    expect(revoked).toMatchObject({ id: A.keyId, status: 'revoked' });
    expect(revoked.revoked_at).not.toBe('');
    const afterRest = await chat(A.key);
    expect(afterRest.status).toBe(401);
    expect((afterRest.body.error as Obj).code).toBe('key_revoked');
    expect(await refusal(invoke(inference, 'ChatCompletion', { model: 'mock/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, A.key))).toMatchObject({
      code: status.UNAUTHENTICATED,
      errorCode: 'key_revoked',
    });
    // idempotent, as over REST
    expect(await rpc('RevokeKey', { org_id: A.org, key_id: A.keyId }, A.ownerKey)).toMatchObject({ status: 'revoked' });
  });

  it('reads, lists, updates and rotates keys; a secret appears only in the Create and Rotate responses', async () => {
    const k = (await rpc('CreateKey', { org_id: A.org, name: 'rot', owner: { type: 'team', team_id: A.team }, metadata: { app: 'bot' } }, A.ownerKey)) as { key: Obj; secret: string };
    secrets.push(k.secret);
    const got = await rpc('GetKey', { org_id: A.org, key_id: k.key.id }, A.ownerKey);
    expect(got).toMatchObject({ id: k.key.id, name: 'rot', owner_type: 'team', user_id: '', metadata: { app: 'bot' }, expires_at: '' });
    const listed = await rpc('ListKeys', { org_id: A.org, team_id: A.team, limit: 200 }, A.ownerKey);
    expect((listed.items as Obj[]).map((i) => i.id)).toEqual(expect.arrayContaining([k.key.id, A.keyId]));
    expect(listed.next_cursor).toBe('');
    const active = await rpc('ListKeys', { org_id: A.org, status: 'active' }, A.ownerKey);
    expect((active.items as Obj[]).map((i) => i.id)).not.toContain(A.keyId);
    const text = JSON.stringify([got, listed]);
    expect(text).not.toContain(k.secret);
    expect(text).not.toContain('secret');

    const later = new Date(Date.now() + 3_600_000).toISOString();
    const updated = await rpc('UpdateKey', { org_id: A.org, key_id: k.key.id, name: 'renamed', tags: { values: ['x', 'x', 'y'] }, expires_at: later }, A.ownerKey);
    expect(updated).toMatchObject({ name: 'renamed', tags: ['x', 'y'], metadata: { app: 'bot' }, expires_at: later });
    // unset fields stay; a set empty list clears; expires_at "" is REST's null
    const cleared = await rpc('UpdateKey', { org_id: A.org, key_id: k.key.id, tags: { values: [] }, expires_at: '' }, A.ownerKey);
    expect(cleared).toMatchObject({ name: 'renamed', expires_at: '' });
    expect(cleared.tags).toEqual([]);

    const rotated = (await rpc('RotateKey', { org_id: A.org, key_id: k.key.id, grace_period_seconds: 60 }, A.ownerKey)) as { key: Obj; secret: string };
    secrets.push(rotated.secret);
    expect(rotated.secret).toMatch(/^sk-ic-/);
    expect(rotated.secret).not.toBe(k.secret);
    expect(rotated.key).toMatchObject({ rotated_from: k.key.id, name: 'renamed', owner_type: 'team', team_id: A.team, status: 'active' });
    expect((await gw.call('GET', '/v1/whoami', rotated.secret)).status).toBe(200);
    expect((await gw.call('GET', '/v1/whoami', k.secret)).status).toBe(200); // grace period
    expect((await rpc('GetKey', { org_id: A.org, key_id: k.key.id }, A.ownerKey)).expires_at).not.toBe('');

    // a revoked key cannot be changed or rotated: FAILED_PRECONDITION, REST's 409
    const conflict = await refused('UpdateKey', { org_id: A.org, key_id: A.keyId, name: 'x' }, A.ownerKey);
    expect(conflict).toEqual({ code: status.FAILED_PRECONDITION, errorCode: 'key_already_revoked', message: `Key ${A.keyId} is revoked` });
    expect((await refused('RotateKey', { org_id: A.org, key_id: A.keyId }, A.ownerKey)).code).toBe(status.FAILED_PRECONDITION);
    expect(await rest('PATCH', `/admin/v1/orgs/${A.org}/keys/${A.keyId}`, A.ownerKey, { name: 'x' })).toEqual({ status: 409, code: 'key_already_revoked', message: conflict.message });
  });

  it('manages teams and their members', async () => {
    const ops = await rpc('CreateTeam', { org_id: A.org, slug: 'ops', name: 'Ops' }, A.ownerKey);
    expect(ops).toMatchObject({ slug: 'ops', allowed_models: [], metadata: {} });
    const dup = await refused('CreateTeam', { org_id: A.org, slug: 'ops', name: 'Again' }, A.ownerKey);
    expect(dup).toEqual({ code: status.ALREADY_EXISTS, errorCode: 'team_exists', message: 'A team "ops" exists' });

    const first = await rpc('ListTeams', { org_id: A.org, limit: 1 }, A.ownerKey);
    expect(first.items).toHaveLength(1);
    const second = await rpc('ListTeams', { org_id: A.org, cursor: first.next_cursor }, A.ownerKey);
    expect([...(first.items as Obj[]), ...(second.items as Obj[])].map((t) => t.slug).sort()).toEqual(['ml', 'ops']);

    const updated = await rpc('UpdateTeam', { org_id: A.org, team_id: ops.id, name: 'Operations', allowed_models: { values: ['mock/*'] } }, A.ownerKey);
    expect(updated).toMatchObject({ name: 'Operations', allowed_models: ['mock/*'] });
    expect(await rpc('GetTeam', { org_id: A.org, team_id: ops.id }, A.ownerKey)).toMatchObject({ name: 'Operations', allowed_models: ['mock/*'] });

    await rpc('SetTeamMember', { org_id: A.org, team_id: ops.id, user_id: A.member, role: 'admin' }, A.ownerKey);
    const members = await rpc('ListTeamMembers', { org_id: A.org, team_id: ops.id }, A.ownerKey);
    expect(members.items).toEqual([expect.objectContaining({ user_id: A.member, role: 'admin', team_id: ops.id })]);
    expect(await rpc('RemoveTeamMember', { org_id: A.org, team_id: ops.id, user_id: A.member }, A.ownerKey)).toEqual({});
    expect((await rpc('ListTeamMembers', { org_id: A.org, team_id: ops.id }, A.ownerKey)).items).toEqual([]);
    expect(await refused('RemoveTeamMember', { org_id: A.org, team_id: ops.id, user_id: A.member }, A.ownerKey)).toMatchObject({
      code: status.NOT_FOUND,
      errorCode: 'membership_not_found',
    });

    expect(await rpc('DeleteTeam', { org_id: A.org, team_id: ops.id }, A.ownerKey)).toEqual({});
    expect(await refused('GetTeam', { org_id: A.org, team_id: ops.id }, A.ownerKey)).toEqual({ code: status.NOT_FOUND, errorCode: 'team_not_found', message: `No team ${ops.id}` });
  });

  it('issues, lists, rotates and revokes admin keys; they act with their user’s roles', async () => {
    const viewer = (await rpc('CreateAdminKey', { org_id: A.org, name: 'viewer', user_id: A.viewer }, A.ownerKey)) as { key: Obj; secret: string };
    expect(viewer.secret).toMatch(/^sk-ic-admin-/);
    expect(viewer.key).toMatchObject({ kind: 'admin', user_id: A.viewer, owner_type: 'user' });
    A.viewerKeyId = viewer.key.id as string;
    A.viewerKey = viewer.secret;
    const member = (await rpc('CreateAdminKey', { org_id: A.org, name: 'member', user_id: A.member }, gw.adminKey)) as { key: Obj; secret: string };
    A.memberKey = member.secret;
    secrets.push(A.viewerKey, A.memberKey);

    expect(await rpc('GetAdminKey', { org_id: A.org, key_id: A.viewerKeyId }, A.ownerKey)).toMatchObject({ id: A.viewerKeyId, status: 'active' });
    const all = ((await rpc('ListAdminKeys', { org_id: A.org }, A.ownerKey)).items as Obj[]).map((k) => k.id);
    expect(all).toEqual(expect.arrayContaining([A.ownerKeyId, A.viewerKeyId, member.key.id]));
    // not an org-wide owner: only their own admin keys
    expect(((await rpc('ListAdminKeys', { org_id: A.org }, A.viewerKey)).items as Obj[]).map((k) => k.id)).toEqual([A.viewerKeyId]);
    // a virtual key is never an admin key, and the other way round
    expect((await refused('GetAdminKey', { org_id: A.org, key_id: A.keyId }, A.ownerKey)).code).toBe(status.NOT_FOUND);

    const spare = (await rpc('CreateAdminKey', { org_id: A.org, name: 'spare', user_id: A.viewer }, A.ownerKey)) as { key: Obj; secret: string };
    const rotated = (await rpc('RotateAdminKey', { org_id: A.org, key_id: spare.key.id }, A.ownerKey)) as { key: Obj; secret: string };
    secrets.push(spare.secret, rotated.secret);
    expect(rotated.key).toMatchObject({ kind: 'admin', rotated_from: spare.key.id });
    expect(await rpc('GetTeam', { org_id: A.org, team_id: A.team }, rotated.secret)).toMatchObject({ id: A.team });
    expect(await refused('GetTeam', { org_id: A.org, team_id: A.team }, spare.secret)).toMatchObject({ code: status.UNAUTHENTICATED, errorCode: 'key_revoked' });
    expect(await rpc('RevokeAdminKey', { org_id: A.org, key_id: rotated.key.id }, A.ownerKey)).toMatchObject({ status: 'revoked' });
    expect(await refused('ListTeams', { org_id: A.org }, rotated.secret)).toMatchObject({ code: status.UNAUTHENTICATED, errorCode: 'key_revoked' });
  });

  describe('roles: a viewer or member is refused with PERMISSION_DENIED, exactly as REST refuses them', () => {
    it('lets a viewer read their team and its keys, and change nothing', async () => {
      expect(await rpc('GetTeam', { org_id: A.org, team_id: A.team }, A.viewerKey)).toMatchObject({ id: A.team });
      expect(await rpc('GetKey', { org_id: A.org, key_id: A.keyId }, A.viewerKey)).toMatchObject({ id: A.keyId });
      const live = (await rpc('CreateKey', { org_id: A.org, name: 'live', owner: { type: 'team', team_id: A.team } }, A.ownerKey)) as { key: Obj; secret: string };
      secrets.push(live.secret);
      const cases: [string, Obj, [string, string, unknown?]][] = [
        ['CreateTeam', { org_id: A.org, slug: 'v2', name: 'v2' }, ['POST', `/admin/v1/orgs/${A.org}/teams`, { slug: 'v2', name: 'v2' }]],
        ['UpdateTeam', { org_id: A.org, team_id: A.team, name: 'x' }, ['PATCH', `/admin/v1/orgs/${A.org}/teams/${A.team}`, { name: 'x' }]],
        ['DeleteTeam', { org_id: A.org, team_id: A.team }, ['DELETE', `/admin/v1/orgs/${A.org}/teams/${A.team}`]],
        ['SetTeamMember', { org_id: A.org, team_id: A.team, user_id: A.owner, role: 'viewer' }, ['PUT', `/admin/v1/orgs/${A.org}/teams/${A.team}/members/${A.owner}`, { role: 'viewer' }]],
        ['CreateKey', { org_id: A.org, name: 't', owner: { type: 'team', team_id: A.team } }, ['POST', `/admin/v1/orgs/${A.org}/keys`, { name: 't', owner: { type: 'team', teamId: A.team } }]],
        ['UpdateKey', { org_id: A.org, key_id: live.key.id, name: 'x' }, ['PATCH', `/admin/v1/orgs/${A.org}/keys/${live.key.id}`, { name: 'x' }]],
        ['RevokeKey', { org_id: A.org, key_id: live.key.id }, ['POST', `/admin/v1/orgs/${A.org}/keys/${live.key.id}/revoke`]],
        ['RotateKey', { org_id: A.org, key_id: live.key.id }, ['POST', `/admin/v1/orgs/${A.org}/keys/${live.key.id}/rotate`, {}]],
        ['CreateAdminKey', { org_id: A.org, name: 'x', user_id: A.viewer }, ['POST', `/admin/v1/orgs/${A.org}/admin-keys`, { name: 'x', userId: A.viewer }]],
      ];
      for (const [method, request, [verb, path, body]] of cases) {
        const g = await refused(method, request, A.viewerKey);
        const r = await rest(verb, path, A.viewerKey, body);
        expect({ method, code: g.code, errorCode: g.errorCode, message: g.message }).toEqual({ method, code: status.PERMISSION_DENIED, errorCode: r.code, message: r.message });
        expect({ method, status: r.status, code: r.code }).toEqual({ method, status: 403, code: 'insufficient_role' });
      }
      expect(await rpc('GetKey', { org_id: A.org, key_id: live.key.id }, A.ownerKey)).toMatchObject({ status: 'active', name: 'live' });
    });

    it('lets a member issue keys for themselves only, and not administer the team', async () => {
      const own = (await rpc('CreateKey', { org_id: A.org, name: 'mine', owner: { type: 'user', user_id: A.member, team_id: A.team } }, A.memberKey)) as { key: Obj; secret: string };
      secrets.push(own.secret);
      expect(own.key).toMatchObject({ user_id: A.member, created_by: expect.any(String) });
      for (const [method, request] of [
        ['CreateKey', { org_id: A.org, name: 'theirs', owner: { type: 'user', user_id: A.viewer, team_id: A.team } }],
        ['CreateKey', { org_id: A.org, name: 'team', owner: { type: 'team', team_id: A.team } }],
        ['CreateTeam', { org_id: A.org, slug: 'm2', name: 'm2' }],
        ['SetTeamMember', { org_id: A.org, team_id: A.team, user_id: A.viewer, role: 'member' }],
        ['CreateAdminKey', { org_id: A.org, name: 'x', user_id: A.member }],
      ] as [string, Obj][]) {
        expect({ method, ...(await refused(method, request, A.memberKey)) }).toMatchObject({ method, code: status.PERMISSION_DENIED, errorCode: 'insufficient_role' });
      }
    });
  });

  describe("tenant isolation: org A's owner never sees or changes org B's teams and keys", () => {
    it("answers NOT_FOUND for org B's team and key, exactly as REST answers 404", async () => {
      const cases: [string, Obj, [string, string, unknown?]][] = [
        ['GetTeam', { org_id: A.org, team_id: B.team }, ['GET', `/admin/v1/orgs/${A.org}/teams/${B.team}`]],
        ['GetTeam', { org_id: B.org, team_id: B.team }, ['GET', `/admin/v1/orgs/${B.org}/teams/${B.team}`]],
        ['UpdateTeam', { org_id: A.org, team_id: B.team, allowed_models: { values: ['**'] } }, ['PATCH', `/admin/v1/orgs/${A.org}/teams/${B.team}`, { allowedModels: ['**'] }]],
        ['DeleteTeam', { org_id: A.org, team_id: B.team }, ['DELETE', `/admin/v1/orgs/${A.org}/teams/${B.team}`]],
        ['ListTeamMembers', { org_id: A.org, team_id: B.team }, ['GET', `/admin/v1/orgs/${A.org}/teams/${B.team}/members`]],
        ['SetTeamMember', { org_id: A.org, team_id: B.team, user_id: A.member, role: 'admin' }, ['PUT', `/admin/v1/orgs/${A.org}/teams/${B.team}/members/${A.member}`, { role: 'admin' }]],
        ['SetTeamMember', { org_id: A.org, team_id: A.team, user_id: B.member, role: 'admin' }, ['PUT', `/admin/v1/orgs/${A.org}/teams/${A.team}/members/${B.member}`, { role: 'admin' }]],
        ['RemoveTeamMember', { org_id: A.org, team_id: B.team, user_id: B.member }, ['DELETE', `/admin/v1/orgs/${A.org}/teams/${B.team}/members/${B.member}`]],
        ['CreateTeam', { org_id: B.org, slug: 'evil', name: 'evil' }, ['POST', `/admin/v1/orgs/${B.org}/teams`, { slug: 'evil', name: 'evil' }]],
        ['ListTeams', { org_id: B.org }, ['GET', `/admin/v1/orgs/${B.org}/teams`]],
        ['ListKeys', { org_id: B.org }, ['GET', `/admin/v1/orgs/${B.org}/keys`]],
        ['ListAdminKeys', { org_id: B.org }, ['GET', `/admin/v1/orgs/${B.org}/admin-keys`]],
        ['CreateKey', { org_id: A.org, name: 'x', owner: { type: 'team', team_id: B.team } }, ['POST', `/admin/v1/orgs/${A.org}/keys`, { name: 'x', owner: { type: 'team', teamId: B.team } }]],
        ['GetKey', { org_id: A.org, key_id: B.keyId }, ['GET', `/admin/v1/orgs/${A.org}/keys/${B.keyId}`]],
        ['UpdateKey', { org_id: A.org, key_id: B.keyId, allowed_models: { values: ['**'] } }, ['PATCH', `/admin/v1/orgs/${A.org}/keys/${B.keyId}`, { allowedModels: ['**'] }]],
        ['RevokeKey', { org_id: A.org, key_id: B.keyId }, ['POST', `/admin/v1/orgs/${A.org}/keys/${B.keyId}/revoke`]],
        ['RotateKey', { org_id: A.org, key_id: B.keyId }, ['POST', `/admin/v1/orgs/${A.org}/keys/${B.keyId}/rotate`, {}]],
        ['GetAdminKey', { org_id: A.org, key_id: B.ownerKeyId }, ['GET', `/admin/v1/orgs/${A.org}/admin-keys/${B.ownerKeyId}`]],
        ['RevokeAdminKey', { org_id: A.org, key_id: B.ownerKeyId }, ['POST', `/admin/v1/orgs/${A.org}/admin-keys/${B.ownerKeyId}/revoke`]],
        ['CreateAdminKey', { org_id: A.org, name: 'x', user_id: B.owner }, ['POST', `/admin/v1/orgs/${A.org}/admin-keys`, { name: 'x', userId: B.owner }]],
      ];
      for (const [method, request, [verb, path, body]] of cases) {
        const g = await refused(method, request, A.ownerKey);
        const r = await rest(verb, path, A.ownerKey, body);
        expect({ method, request, code: g.code, errorCode: g.errorCode, message: g.message }).toEqual({ method, request, code: status.NOT_FOUND, errorCode: r.code, message: r.message });
        expect({ method, status: r.status }).toEqual({ method, status: 404 });
        expect(g.errorCode).toMatch(/_not_found$/);
      }
    });

    it("lists only org A's teams and keys, and left org B's untouched", async () => {
      const teams = (await rpc('ListTeams', { org_id: A.org, limit: 200 }, A.ownerKey)).items as Obj[];
      expect(teams.length).toBeGreaterThan(0);
      expect(teams.every((t) => t.org_id === A.org)).toBe(true);
      expect(teams.map((t) => t.id)).not.toContain(B.team);
      for (const method of ['ListKeys', 'ListAdminKeys']) {
        const keys = (await rpc(method, { org_id: A.org, limit: 200 }, A.ownerKey)).items as Obj[];
        expect(keys.every((k) => k.org_id === A.org)).toBe(true);
        expect(keys.map((k) => k.id)).not.toContain(B.keyId);
        expect(keys.map((k) => k.id)).not.toContain(B.ownerKeyId);
      }
      expect(await rpc('GetTeam', { org_id: B.org, team_id: B.team }, B.ownerKey)).toMatchObject({ name: 'ML', allowed_models: ['mock/*'] });
      expect(await rpc('GetKey', { org_id: B.org, key_id: B.keyId }, gw.adminKey)).toMatchObject({ status: 'active', allowed_models: [] });
      expect((await rpc('ListTeamMembers', { org_id: B.org, team_id: B.team }, B.ownerKey)).items).toHaveLength(1);
      expect((await chat(B.key)).status).toBe(200);
    });
  });

  describe('validation: INVALID_ARGUMENT naming the field and the reason', () => {
    it('names the request field of a body, id or query problem, with the REST reason', async () => {
      const slug = await refused('CreateTeam', { org_id: A.org, slug: 'Bad Slug', name: 'x' }, A.ownerKey);
      expect(slug).toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: 'invalid_request', details: [{ path: 'slug', message: expect.stringContaining('lower-case letters') }] });
      expect(slug.message).toMatch(/^The request is invalid: slug: lower-case letters/);

      const id = await refused('GetTeam', { org_id: A.org, team_id: 'not-a-uuid' }, A.ownerKey);
      expect(id).toMatchObject({ code: status.INVALID_ARGUMENT, details: [{ path: 'team_id', message: 'must be a UUID' }] });
      expect(id.message).toContain('team_id: must be a UUID');

      const org = await refused('ListTeams', { org_id: 'Not An Org' }, A.ownerKey);
      expect(org.details).toEqual([expect.objectContaining({ path: 'org_id' })]);

      const owner = await refused('CreateKey', { org_id: A.org, name: 'x', owner: { type: 'team', team_id: 'nope' } }, A.ownerKey);
      expect(owner).toMatchObject({ code: status.INVALID_ARGUMENT, details: [{ path: 'owner.team_id', message: 'must be a UUID' }] });
      const missing = await refused('CreateKey', { org_id: A.org, name: 'x' }, A.ownerKey);
      expect(missing.details).toEqual([expect.objectContaining({ path: 'owner' })]);
      const kind = await refused('CreateKey', { org_id: A.org, name: 'x', owner: { type: 'robot' } }, A.ownerKey);
      expect(kind.details).toEqual([expect.objectContaining({ path: 'owner.type' })]);

      const limit = await refused('ListKeys', { org_id: A.org, limit: 500 }, A.ownerKey);
      expect(limit).toMatchObject({ code: status.INVALID_ARGUMENT, details: [expect.objectContaining({ path: 'limit' })] });

      const past = await refused('UpdateKey', { org_id: A.org, key_id: A.keyId, expires_at: 'yesterday' }, A.ownerKey);
      expect(past.details).toEqual([expect.objectContaining({ path: 'expires_at' })]);

      const grace = await refused('RotateKey', { org_id: A.org, key_id: A.keyId, grace_period_seconds: -1 }, A.ownerKey);
      expect(grace.details).toEqual([expect.objectContaining({ path: 'grace_period_seconds' })]);

      const role = await refused('SetTeamMember', { org_id: A.org, team_id: A.team, user_id: A.viewer, role: 'king' }, A.ownerKey);
      expect(role.details).toEqual([expect.objectContaining({ path: 'role' })]);
    });

    it("says what the use case says about a rule the schema cannot check (an expiry in the past), in REST's words", async () => {
      const k = (await rpc('CreateKey', { org_id: A.org, name: 'exp', owner: { type: 'team', team_id: A.team } }, A.ownerKey)) as { key: Obj; secret: string };
      secrets.push(k.secret);
      const past = new Date(Date.now() - 60_000).toISOString();
      const g = await refused('UpdateKey', { org_id: A.org, key_id: k.key.id, expires_at: past }, A.ownerKey);
      expect(g).toMatchObject({ code: status.INVALID_ARGUMENT, details: [{ path: 'expires_at', message: 'must be in the future (revoke the key to stop it now)' }] });
    });

    it('validates before checking roles, as REST does (a viewer with a bad slug hears about the slug)', async () => {
      const g = await refused('CreateTeam', { org_id: A.org, slug: 'Bad Slug', name: 'x' }, A.viewerKey);
      const r = await rest('POST', `/admin/v1/orgs/${A.org}/teams`, A.viewerKey, { slug: 'Bad Slug', name: 'x' });
      expect(r.status).toBe(400);
      expect(g).toMatchObject({ code: status.INVALID_ARGUMENT, errorCode: r.code });
    });
  });

  describe('authentication: the admin API’s keys in the call metadata', () => {
    it('UNAUTHENTICATED without a key or with one we did not issue; REST’s message', async () => {
      const none = await refused('ListTeams', { org_id: A.org });
      const r = await rest('GET', `/admin/v1/orgs/${A.org}/teams`, '');
      expect(r.status).toBe(401);
      expect(none).toEqual({ code: status.UNAUTHENTICATED, errorCode: 'missing_credentials', message: r.message });
      expect(await refused('CreateTeam', { org_id: A.org, slug: 'anon', name: 'anon' }, 'sk-ic-admin-forged')).toMatchObject({ code: status.UNAUTHENTICATED, errorCode: 'invalid_credentials' });
    });

    it('PERMISSION_DENIED for a virtual key; the platform key works on any organisation', async () => {
      expect(await refused('ListTeams', { org_id: B.org }, B.key)).toMatchObject({ code: status.PERMISSION_DENIED, errorCode: 'admin_key_required' });
      const viaXApiKey = new Metadata();
      viaXApiKey.set('x-api-key', gw.adminKey);
      const teams = await new Promise<Obj>((resolve, reject) =>
        (admin as unknown as Record<string, Unary>).ListTeams({ org_id: B.org }, viaXApiKey, (err, res) => (err ? reject(err) : resolve(res))),
      );
      expect((teams.items as Obj[]).map((t) => t.id)).toEqual([B.team]);
    });
  });

  it('announces every change made over gRPC as admin.changed, with the admin key as the actor and never a secret', async () => {
    const bus = await BusConnection.connect({ servers: testInfra.natsUrl, service: 'int-test', namespace: gw.namespace });
    try {
      const stream = bus.naming.stream(adminChangedEvent.stream);
      const info = await bus.jsm.streams.info(stream);
      const events: Envelope<AdminChanged>[] = [];
      const raw: string[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
        const m = await bus.jsm.streams.getMessage(stream, { seq });
        if (!m) continue;
        raw.push(m.string());
        events.push(m.json<Envelope<AdminChanged>>());
      }
      const byA = events.filter((e) => e.orgId === A.org && e.data.actorId === A.ownerKeyId).map((e) => e.data.action);
      for (const action of ['team.created', 'team.updated', 'team.deleted', 'membership.created', 'membership.deleted', 'key.created', 'key.updated', 'key.revoked', 'key.rotated', 'admin_key.created', 'admin_key.rotated', 'admin_key.revoked']) {
        expect(byA).toContain(action);
      }
      const revoked = events.find((e) => e.data.action === 'key.revoked' && e.data.resourceId === A.keyId)!;
      expect(revoked).toMatchObject({ source: 'gateway', orgId: A.org, data: { resourceType: 'key', actorId: A.ownerKeyId, changes: { actorType: 'user', actorUserId: A.owner } } });
      // nothing refused changed anything: B's team was never touched by A
      expect(events.filter((e) => e.orgId === B.org).every((e) => e.data.actorId !== A.ownerKeyId)).toBe(true);
      const all = raw.join('\n');
      for (const secret of [...secrets, gw.adminKey]) expect(all).not.toContain(secret);
      expect(all).not.toContain('"hash"');
    } finally {
      await bus.close();
    }
  });
});
