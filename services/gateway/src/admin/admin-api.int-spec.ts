import { randomUUID } from 'node:crypto';
import { BusConnection } from '@ironcage/bus';
import { type AdminChanged, adminChangedEvent, type Envelope } from '@ironcage/contracts';
import { testInfra } from '@ironcage/testing';
import { ModelAccessPolicy } from '../auth/principal';
import { KeyAuthenticator } from '../auth/key-authenticator';
import { startTestGateway, type TestGateway } from './testing/gateway.fixture';
import { worldBuilder } from './testing/world';

type Body = Record<string, unknown> & { error?: { code: string } };

describe('admin API (gateway in-process, real Postgres and NATS)', () => {
  let gw: TestGateway;
  let w: ReturnType<typeof worldBuilder>;
  // org A (acme) and org B (globex), each fully populated
  const A = { org: 'acme' } as Record<string, string>;
  const B = { org: 'globex' } as Record<string, string>;

  beforeAll(async () => {
    gw = await startTestGateway('cpadmin');
    w = worldBuilder(gw);
    for (const o of [A, B]) {
      await w.org(o.org);
      o.team = (await w.team(o.org, 'ml', ['mock/*', 'openai/*'])).id;
      o.otherTeam = (await w.team(o.org, 'web')).id;
      o.project = (await w.project(o.org, o.team, 'bot')).id;
      o.owner = (await w.user(o.org, 'owner@x.test')).id;
      o.teamAdmin = (await w.user(o.org, 'lead@x.test')).id;
      o.viewer = (await w.user(o.org, 'viewer@x.test')).id;
      o.member = (await w.user(o.org, 'member@x.test')).id;
      await w.orgRole(o.org, o.owner, 'owner');
      await w.teamRole(o.org, o.team, o.teamAdmin, 'admin');
      await w.teamRole(o.org, o.team, o.viewer, 'viewer');
      await w.teamRole(o.org, o.team, o.member, 'member');
      o.ownerKey = (await w.adminKey(o.org, o.owner)).secret;
      o.adminKeyId = (await w.adminKey(o.org, o.teamAdmin)).key.id;
      o.teamAdminKey = (await w.adminKey(o.org, o.teamAdmin)).secret;
      o.viewerKey = (await w.adminKey(o.org, o.viewer)).secret;
      o.memberAdminKey = (await w.adminKey(o.org, o.member)).secret;
      const vk = await w.virtualKey(o.org, { type: 'user', userId: o.member, teamId: o.team }, ['mock/*']);
      o.virtualKeyId = vk.key.id;
      o.virtualKey = vk.secret;
      const rq = await gw.call<Body>('POST', '/v1/access-requests', o.virtualKey, { model: 'openai/gpt-4o', reason: 'evals' });
      expect(rq.status).toBe(201);
      o.request = rq.body.id as string;
    }
  });

  afterAll(async () => {
    await gw?.stop();
  });

  describe('tenant isolation: an owner of org A never sees or changes anything of org B (404, never 403)', () => {
    // B's ids, or the same shape of ids that exist nowhere
    const cases = (B: Record<string, string>): [string, string, unknown?][] => [
      ['GET', `/admin/v1/orgs/${B.org}`],
      ['PATCH', `/admin/v1/orgs/${B.org}`, { name: 'pwned' }],
      ['DELETE', `/admin/v1/orgs/${B.org}`],
      ['GET', `/admin/v1/orgs/${B.org}/members`],
      ['PUT', `/admin/v1/orgs/${B.org}/members/${B.member}`, { role: 'owner' }],
      ['GET', `/admin/v1/orgs/${B.org}/teams`],
      ['POST', `/admin/v1/orgs/${B.org}/teams`, { slug: 'evil', name: 'evil' }],
      ['GET', `/admin/v1/orgs/${B.org}/teams/${B.team}`],
      ['GET', `/admin/v1/orgs/${A.org}/teams/${B.team}`],
      ['PATCH', `/admin/v1/orgs/${A.org}/teams/${B.team}`, { allowedModels: ['**'] }],
      ['DELETE', `/admin/v1/orgs/${A.org}/teams/${B.team}`],
      ['GET', `/admin/v1/orgs/${A.org}/teams/${B.team}/members`],
      ['PUT', `/admin/v1/orgs/${A.org}/teams/${B.team}/members/${A.member}`, { role: 'admin' }],
      ['PUT', `/admin/v1/orgs/${A.org}/teams/${A.team}/members/${B.member}`, { role: 'admin' }],
      ['DELETE', `/admin/v1/orgs/${A.org}/teams/${B.team}/members/${B.member}`],
      ['GET', `/admin/v1/orgs/${A.org}/teams/${B.team}/projects`],
      ['POST', `/admin/v1/orgs/${A.org}/teams/${B.team}/projects`, { slug: 'evil', name: 'evil' }],
      ['GET', `/admin/v1/orgs/${A.org}/teams/${A.team}/projects/${B.project}`],
      ['GET', `/admin/v1/orgs/${A.org}/teams/${B.team}/projects/${B.project}`],
      ['PATCH', `/admin/v1/orgs/${A.org}/teams/${B.team}/projects/${B.project}`, { name: 'pwned' }],
      ['DELETE', `/admin/v1/orgs/${A.org}/teams/${B.team}/projects/${B.project}`],
      ['GET', `/admin/v1/orgs/${B.org}/users`],
      ['GET', `/admin/v1/orgs/${A.org}/users/${B.member}`],
      ['PATCH', `/admin/v1/orgs/${A.org}/users/${B.member}`, { name: 'pwned' }],
      ['DELETE', `/admin/v1/orgs/${A.org}/users/${B.member}`],
      ['GET', `/admin/v1/orgs/${B.org}/keys`],
      ['POST', `/admin/v1/orgs/${A.org}/keys`, { name: 'x', owner: { type: 'team', teamId: B.team } }],
      ['POST', `/admin/v1/orgs/${A.org}/keys`, { name: 'x', owner: { type: 'project', projectId: B.project } }],
      ['GET', `/admin/v1/orgs/${A.org}/keys/${B.virtualKeyId}`],
      ['PATCH', `/admin/v1/orgs/${A.org}/keys/${B.virtualKeyId}`, { allowedModels: ['**'] }],
      ['POST', `/admin/v1/orgs/${A.org}/keys/${B.virtualKeyId}/revoke`],
      ['POST', `/admin/v1/orgs/${A.org}/keys/${B.virtualKeyId}/rotate`, {}],
      ['POST', `/admin/v1/orgs/${A.org}/admin-keys`, { name: 'x', userId: B.owner }],
      ['GET', `/admin/v1/orgs/${A.org}/admin-keys/${B.adminKeyId}`],
      ['POST', `/admin/v1/orgs/${A.org}/admin-keys/${B.adminKeyId}/revoke`],
      ['GET', `/admin/v1/orgs/${B.org}/access-requests`],
      ['GET', `/admin/v1/orgs/${A.org}/access-requests/${B.request}`],
      ['POST', `/admin/v1/orgs/${A.org}/access-requests/${B.request}/approve`, {}],
      ['POST', `/admin/v1/orgs/${A.org}/access-requests/${B.request}/deny`, {}],
    ];

    const ghost = () => {
      const g: Record<string, string> = { org: 'no-such-org' };
      for (const k of Object.keys(B)) if (k !== 'org') g[k] = randomUUID();
      return g;
    };
    const send = (key: string, [method, path, body]: [string, string, unknown?]) =>
      gw.call<Body>(method, path, key, body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}));

    it("answers every endpoint family with 404 for org B's resources (owner of A)", async () => {
      for (const c of cases(B)) {
        const r = await send(A.ownerKey, c);
        expect({ method: c[0], path: c[1], status: r.status }).toEqual({ method: c[0], path: c[1], status: 404 });
        expect(r.body.error?.code).toMatch(/_not_found$/);
      }
    });

    it.each(['teamAdminKey', 'viewerKey', 'memberAdminKey'])(
      "answers a %s of A exactly as if org B's resources did not exist (404, or the 403 any id would get)",
      async (which) => {
        const real = cases(B);
        const none = cases(ghost());
        for (let i = 0; i < real.length; i++) {
          const [a, b] = [await send(A[which], real[i]), await send(A[which], none[i])];
          expect({ path: real[i][1], status: a.status, code: a.body.error?.code }).toEqual({ path: real[i][1], status: b.status, code: b.body.error?.code });
          expect([403, 404]).toContain(a.status);
        }
      },
    );

    it('lists only org A in organisations, keys, users and access requests', async () => {
      expect(((await gw.call<Body>('GET', '/admin/v1/orgs', A.ownerKey)).body.items as Body[]).map((o) => o.id)).toEqual([A.org]);
      const keys = (await gw.call<Body>('GET', `/admin/v1/orgs/${A.org}/keys`, A.ownerKey)).body.items as Body[];
      expect(keys.every((k) => k.orgId === A.org)).toBe(true);
      expect(keys.map((k) => k.id)).toContain(A.virtualKeyId);
      const users = (await gw.call<Body>('GET', `/admin/v1/orgs/${A.org}/users`, A.ownerKey)).body.items as Body[];
      expect(users.map((u) => u.id)).not.toContain(B.member);
      const requests = (await gw.call<Body>('GET', `/admin/v1/orgs/${A.org}/access-requests`, A.ownerKey)).body.items as Body[];
      expect(requests.map((r) => r.id)).toEqual([A.request]);
    });

    it("left org B's data untouched", async () => {
      const b = (path: string) => gw.call<Body>('GET', `/admin/v1/orgs/${B.org}${path}`, gw.adminKey);
      expect((await b('')).body.name).toBe('GLOBEX');
      expect((await b(`/teams/${B.team}`)).body.allowedModels).toEqual(['mock/*', 'openai/*']);
      expect((await b(`/teams/${B.team}/projects/${B.project}`)).status).toBe(200);
      expect((await b(`/users/${B.member}`)).body.name).toBe('member');
      expect((await b(`/keys/${B.virtualKeyId}`)).body).toMatchObject({ status: 'active', allowedModels: ['mock/*'] });
      expect((await b(`/access-requests/${B.request}`)).body.status).toBe('pending');
      expect((await gw.call('GET', '/v1/whoami', B.virtualKey)).status).toBe(200);
    });

    it("refuses org B's keys in org A's paths and vice versa with the same answers", async () => {
      expect((await gw.call<Body>('GET', `/admin/v1/orgs/${A.org}/teams`, B.ownerKey)).status).toBe(404);
    });
  });

  describe('roles inside one organisation', () => {
    it('lets a viewer read their team but change nothing (403)', async () => {
      expect((await gw.call('GET', `/admin/v1/orgs/${A.org}/teams/${A.team}`, A.viewerKey)).status).toBe(200);
      expect((await gw.call('GET', `/admin/v1/orgs/${A.org}/keys/${A.virtualKeyId}`, A.viewerKey)).status).toBe(200);
      const denied: [string, string, unknown?][] = [
        ['PATCH', `/admin/v1/orgs/${A.org}/teams/${A.team}`, { name: 'x' }],
        ['POST', `/admin/v1/orgs/${A.org}/teams/${A.team}/projects`, { slug: 'v', name: 'v' }],
        ['PUT', `/admin/v1/orgs/${A.org}/teams/${A.team}/members/${A.owner}`, { role: 'viewer' }],
        ['POST', `/admin/v1/orgs/${A.org}/keys/${A.virtualKeyId}/revoke`],
        ['POST', `/admin/v1/orgs/${A.org}/access-requests/${A.request}/deny`, {}],
        ['POST', `/admin/v1/orgs/${A.org}/teams`, { slug: 'v2', name: 'v2' }],
      ];
      for (const [method, path, body] of denied) {
        const r = await gw.call<Body>(method, path, A.viewerKey, body);
        expect({ path, status: r.status, code: r.body.error?.code }).toEqual({ path, status: 403, code: 'insufficient_role' });
      }
    });

    it("hides other teams from a team admin, and lets them manage their own", async () => {
      expect((await gw.call('GET', `/admin/v1/orgs/${A.org}/teams/${A.otherTeam}`, A.teamAdminKey)).status).toBe(404);
      const teams = (await gw.call<Body>('GET', `/admin/v1/orgs/${A.org}/teams`, A.teamAdminKey)).body.items as Body[];
      expect(teams.map((t) => t.id)).toEqual([A.team]);
      expect((await gw.call('POST', `/admin/v1/orgs/${A.org}/teams/${A.team}/projects`, A.teamAdminKey, { slug: 'lead-proj', name: 'p' })).status).toBe(201);
      const newcomer = await gw.call<Body>('POST', `/admin/v1/orgs/${A.org}/users`, A.teamAdminKey, { email: 'new@x.test', name: 'New' });
      expect(newcomer.status).toBe(201);
      expect((await gw.call('PUT', `/admin/v1/orgs/${A.org}/teams/${A.team}/members/${newcomer.body.id}`, A.teamAdminKey, { role: 'member' })).status).toBe(200);
      expect((await gw.call<Body>('PUT', `/admin/v1/orgs/${A.org}/teams/${A.team}/members/${newcomer.body.id}`, A.teamAdminKey, { role: 'owner' })).body.error?.code).toBe(
        'insufficient_role',
      );
      expect((await gw.call('POST', `/admin/v1/orgs/${A.org}/keys`, A.teamAdminKey, { name: 't', owner: { type: 'team', teamId: A.team } })).status).toBe(201);
    });

    it('lets an org-wide owner do everything in the org, but not create organisations', async () => {
      expect((await gw.call('PATCH', `/admin/v1/orgs/${A.org}`, A.ownerKey, { name: 'ACME' })).status).toBe(200);
      expect((await gw.call('POST', `/admin/v1/orgs/${A.org}/teams`, A.ownerKey, { slug: 'ops', name: 'Ops' })).status).toBe(201);
      expect((await gw.call('PATCH', `/admin/v1/orgs/${A.org}/teams/${A.otherTeam}`, A.ownerKey, { metadata: { cost: 'c1' } })).status).toBe(200);
      expect((await gw.call<Body>('POST', '/admin/v1/orgs', A.ownerKey, { id: 'mine', name: 'Mine' })).body.error?.code).toBe('platform_admin_only');
    });

    it('refuses virtual keys on the admin API and admin keys on model endpoints', async () => {
      expect((await gw.call<Body>('GET', `/admin/v1/orgs/${A.org}/teams`, A.virtualKey)).body.error?.code).toBe('admin_key_required');
      expect((await gw.call<Body>('POST', '/v1/access-requests', A.ownerKey, { model: 'x/y' })).body.error?.code).toBe('virtual_key_required');
    });

    it('names the invalid field', async () => {
      const r = await gw.call<Body>('POST', `/admin/v1/orgs/${A.org}/teams`, A.ownerKey, { slug: 'Bad Slug', name: 'x' });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'invalid_request', details: [expect.objectContaining({ path: 'body.slug' })] } });
      expect((await gw.call<Body>('GET', `/admin/v1/orgs/${A.org}/teams/not-a-uuid`, A.ownerKey)).body).toMatchObject({ error: { details: [expect.objectContaining({ path: 'param.teamId' })] } });
    });
  });

  describe('virtual keys', () => {
    it('authenticate on /v1/whoami with their principal, over Authorization or x-api-key', async () => {
      const r = await gw.call<Body>('GET', '/v1/whoami', A.virtualKey);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ orgId: A.org, principal: { keyId: A.virtualKeyId, userId: A.member, teamId: A.team, role: 'member' } });
      const viaHeader = await fetch(`${gw.url}/v1/whoami`, { headers: { 'x-api-key': A.virtualKey } });
      expect(viaHeader.status).toBe(200);
    });

    it('are refused with distinct codes once revoked or expired, or when unknown', async () => {
      const k = await w.virtualKey(A.org, { type: 'team', teamId: A.team });
      expect((await gw.call('GET', '/v1/whoami', k.secret)).status).toBe(200);
      await w.ok('POST', `/admin/v1/orgs/${A.org}/keys/${k.key.id}/revoke`);
      expect((await gw.call<Body>('GET', '/v1/whoami', k.secret)).body.error?.code).toBe('key_revoked');

      const soon = await w.virtualKey(A.org, { type: 'team', teamId: A.team }, [], { expiresAt: new Date(Date.now() + 1500).toISOString() });
      expect((await gw.call('GET', '/v1/whoami', soon.secret)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1600));
      const expired = await gw.call<Body>('GET', '/v1/whoami', soon.secret);
      expect(expired.status).toBe(401);
      expect(expired.body.error?.code).toBe('key_expired');

      const forged = `${k.secret.slice(0, 10)}${'A'.repeat(39)}${k.secret.slice(-6)}`;
      expect((await gw.call<Body>('GET', '/v1/whoami', forged)).body.error?.code).toBe('invalid_credentials');
      expect((await gw.call<Body>('GET', '/v1/whoami', undefined)).body.error?.code).toBe('missing_credentials');
    });

    it('rotate: the new secret works, the old one keeps working through the grace period', async () => {
      const k = await w.virtualKey(A.org, { type: 'project', projectId: A.project }, ['mock/*'], { tags: ['ci'] });
      const rotated = await w.ok<{ key: Body; secret: string }>('POST', `/admin/v1/orgs/${A.org}/keys/${k.key.id}/rotate`, { gracePeriodSeconds: 60 });
      expect(rotated.key).toMatchObject({ rotatedFrom: k.key.id, projectId: A.project, allowedModels: ['mock/*'], tags: ['ci'] });
      expect((await gw.call('GET', '/v1/whoami', rotated.secret)).status).toBe(200);
      expect((await gw.call('GET', '/v1/whoami', k.secret)).status).toBe(200);
      expect((await w.ok<Body>('GET', `/admin/v1/orgs/${A.org}/keys/${k.key.id}`)).expiresAt).not.toBeNull();
      const again = await w.ok<{ key: Body; secret: string }>('POST', `/admin/v1/orgs/${A.org}/keys/${rotated.key.id}/rotate`, {});
      expect((await gw.call<Body>('GET', '/v1/whoami', rotated.secret)).body.error?.code).toBe('key_revoked');
      expect((await gw.call('GET', '/v1/whoami', again.secret)).status).toBe(200);
    });

    it('never show the secret again after creation', async () => {
      const k = await w.virtualKey(A.org, { type: 'team', teamId: A.team });
      const text = JSON.stringify([await w.ok('GET', `/admin/v1/orgs/${A.org}/keys/${k.key.id}`), await w.ok('GET', `/admin/v1/orgs/${A.org}/keys?limit=200`)]);
      expect(text).not.toContain(k.secret);
      expect(text).toContain(k.secret.slice(-4));
    });
  });

  describe('model access and self-service requests', () => {
    const policyFor = async (secret: string) => {
      const credential = await gw.app.get(KeyAuthenticator).authenticate(secret, 'virtual');
      const policy = gw.app.get(ModelAccessPolicy);
      return (model: string) => policy.check(credential.principal, model);
    };

    it('denies a model outside the key’s list, naming the layer, until a team admin approves the request', async () => {
      const check = await policyFor(A.virtualKey);
      expect(await check('mock/gpt-4o-mini')).toEqual({ allowed: true });
      expect(await check('openai/gpt-4o')).toMatchObject({ allowed: false, deniedBy: 'key' });

      const mine = await gw.call<Body>('GET', `/v1/access-requests/${A.request}`, A.virtualKey);
      expect(mine.body).toMatchObject({ status: 'pending', deniedBy: ['key'] });
      const twice = await gw.call<Body>('POST', '/v1/access-requests', A.virtualKey, { model: 'openai/gpt-4o' });
      expect(twice.status).toBe(200);
      expect(twice.body.id).toBe(A.request);

      const approved = await gw.call<Body>('POST', `/admin/v1/orgs/${A.org}/access-requests/${A.request}/approve`, A.teamAdminKey, { note: 'for evals' });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', grantedAt: ['key'], grantedPattern: 'openai/gpt-4o' });
      expect((await check('openai/gpt-4o')).allowed).toBe(false); // the old principal is a snapshot…
      expect(await (await policyFor(A.virtualKey))('openai/gpt-4o')).toEqual({ allowed: true }); // …the next request sees the grant
      expect((await w.ok<Body>('GET', `/admin/v1/orgs/${A.org}/keys/${A.virtualKeyId}`)).allowedModels).toEqual(['mock/*', 'openai/gpt-4o']);
      expect((await gw.call<Body>('POST', `/admin/v1/orgs/${A.org}/access-requests/${A.request}/deny`, A.teamAdminKey, {})).body.error?.code).toBe('access_request_decided');
    });

    it("names the team's rule when the team refuses, and an approval extends the team", async () => {
      const k = await w.virtualKey(A.org, { type: 'team', teamId: A.team });
      expect(await (await policyFor(k.secret))('anthropic/claude-3-5-sonnet')).toMatchObject({ allowed: false, deniedBy: 'team', reason: expect.stringContaining('mock/*') });
      const rq = await gw.call<Body>('POST', '/v1/access-requests', k.secret, { model: 'anthropic/claude-3-5-sonnet' });
      expect(rq.body.deniedBy).toEqual(['team']);
      await w.ok('POST', `/admin/v1/orgs/${A.org}/access-requests/${rq.body.id}/approve`, { pattern: 'anthropic/*' }, A.teamAdminKey);
      expect(await (await policyFor(k.secret))('anthropic/claude-3-opus')).toEqual({ allowed: true });
    });

    it('lets a denied request stay denied and the key stay refused', async () => {
      const k = await w.virtualKey(A.org, { type: 'team', teamId: A.team }, ['mock/*']);
      const rq = await gw.call<Body>('POST', '/v1/access-requests', k.secret, { model: 'openai/o1' });
      await w.ok('POST', `/admin/v1/orgs/${A.org}/access-requests/${rq.body.id}/deny`, { note: 'too expensive' }, A.teamAdminKey);
      expect((await gw.call<Body>('GET', `/v1/access-requests/${rq.body.id}`, k.secret)).body).toMatchObject({ status: 'denied', decisionNote: 'too expensive' });
      expect(await (await policyFor(k.secret))('openai/o1')).toMatchObject({ allowed: false });
    });
  });

  describe('admin.changed', () => {
    it('announces every change with actor, action and resource, and never key material', async () => {
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
        const actions = new Set(events.map((e) => e.data.action));
        for (const a of ['org.created', 'team.created', 'project.created', 'user.created', 'membership.created', 'admin_key.created', 'key.created', 'key.revoked', 'key.rotated', 'access_request.created', 'access_request.approved', 'access_request.denied']) {
          expect(actions).toContain(a);
        }
        const revoked = events.find((e) => e.data.action === 'key.revoked')!;
        expect(revoked).toMatchObject({ source: 'gateway', orgId: A.org, data: { resourceType: 'key', actorId: expect.stringMatching(/^admin-/) } });
        const all = raw.join('\n');
        expect(all).not.toMatch(/sk-ic-[0-9A-Za-z]{20}/);
        for (const secret of [A.virtualKey, A.ownerKey, B.virtualKey, gw.adminKey]) expect(all).not.toContain(secret);
        expect(all).not.toContain('"hash"');
        expect(events.filter((e) => e.orgId === B.org).every((e) => !JSON.stringify(e.data).includes(A.team))).toBe(true);
      } finally {
        await bus.close();
      }
    });
  });
});
