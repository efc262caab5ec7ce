import { type ServiceProcess, waitFor } from '@ironcage/testing';
import { isolatedStack } from './stack';

interface Reply<T> {
  status: number;
  body: T;
}
type Body = Record<string, unknown> & { error?: { code: string }; id?: string };

async function call<T = Body>(base: string, method: string, path: string, key?: string, body?: unknown): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as T };
}

describe('gateway control plane across replicas: two gateway processes on one database and bus', () => {
  const stack = isolatedStack('gwadm');
  let a: ServiceProcess;
  let b: ServiceProcess;
  let team: string;
  let user: string;
  const org = 'acme';

  beforeAll(async () => {
    const env = stack.envFor('gateway');
    a = await stack.start('gateway', env);
    b = await stack.start('gateway', env); // same schema and namespace: a second replica
    const admin = (method: string, path: string, body?: unknown) => call(a.url, method, path, stack.adminKey, body);
    expect((await admin('POST', '/admin/v1/orgs', { id: org, name: 'Acme' })).status).toBe(201);
    team = (await admin('POST', `/admin/v1/orgs/${org}/teams`, { slug: 'ml', name: 'ML', allowedModels: ['mock/*'] })).body.id!;
    user = (await admin('POST', `/admin/v1/orgs/${org}/users`, { email: 'ann@acme.test', name: 'Ann' })).body.id!;
    expect((await admin('PUT', `/admin/v1/orgs/${org}/teams/${team}/members/${user}`, { role: 'member' })).status).toBe(200);
  });

  afterAll(async () => {
    await stack.teardown();
  });

  const newKey = async () => {
    const r = await call<{ key: { id: string }; secret: string }>(a.url, 'POST', `/admin/v1/orgs/${org}/keys`, stack.adminKey, {
      name: 'laptop',
      owner: { type: 'user', userId: user, teamId: team },
      allowedModels: ['mock/*'],
    });
    expect(r.status).toBe(201);
    return r.body;
  };

  it('a key issued on one replica works on the other, which resolves it to the same principal', async () => {
    const k = await newKey();
    const [onA, onB] = await Promise.all([call(a.url, 'GET', '/v1/whoami', k.secret), call(b.url, 'GET', '/v1/whoami', k.secret)]);
    expect(onA.status).toBe(200);
    expect(onB.body).toEqual({ ...onA.body, requestId: expect.any(String), traceId: expect.any(String) });
    expect(onB.body).toMatchObject({ orgId: org, principal: { keyId: k.key.id, userId: user, teamId: team, role: 'member' } });
  });

  it('a key revoked on one replica is refused by the other within one second', async () => {
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const k = await newKey();
      // warm the other replica's cache, so only the revocation event can make it refuse
      expect((await call(b.url, 'GET', '/v1/whoami', k.secret)).status).toBe(200);
      expect((await call(b.url, 'GET', '/v1/whoami', k.secret)).status).toBe(200);

      const started = performance.now();
      expect((await call(a.url, 'POST', `/admin/v1/orgs/${org}/keys/${k.key.id}/revoke`, stack.adminKey)).status).toBe(200);
      let refused: Reply<Body> | undefined;
      while (performance.now() - started < 3000) {
        const r = await call(b.url, 'GET', '/v1/whoami', k.secret);
        if (r.status !== 200) {
          refused = r;
          break;
        }
        await new Promise((res) => setTimeout(res, 10));
      }
      delays.push(performance.now() - started);
      expect(refused).toMatchObject({ status: 401, body: { error: { code: 'key_revoked' } } });
      expect((await call(a.url, 'GET', '/v1/whoami', k.secret)).body.error?.code).toBe('key_revoked');
    }
    console.log(`revocation seen by the other replica after ${delays.map((d) => d.toFixed(0)).join(', ')} ms`);
    expect(Math.max(...delays)).toBeLessThan(1000);
  });

  it('a role change on one replica reaches admin keys cached by the other', async () => {
    const owner = (await call(a.url, 'POST', `/admin/v1/orgs/${org}/users`, stack.adminKey, { email: 'olga@acme.test', name: 'Olga' })).body.id!;
    await call(a.url, 'PUT', `/admin/v1/orgs/${org}/members/${owner}`, stack.adminKey, { role: 'owner' });
    const adminKey = (await call<{ secret: string }>(a.url, 'POST', `/admin/v1/orgs/${org}/admin-keys`, stack.adminKey, { name: 'olga', userId: owner })).body.secret;
    expect((await call(b.url, 'PATCH', `/admin/v1/orgs/${org}/teams/${team}`, adminKey, { name: 'ML team' })).status).toBe(200);

    await call(a.url, 'PUT', `/admin/v1/orgs/${org}/members/${owner}`, stack.adminKey, { role: 'viewer' });
    let status = 200;
    const started = performance.now();
    while (status === 200 && performance.now() - started < 3000) {
      status = (await call(b.url, 'PATCH', `/admin/v1/orgs/${org}/teams/${team}`, adminKey, { name: 'ML team' })).status;
    }
    expect(status).toBe(403);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('keeps accepting the platform bootstrap key on /v1/whoami', async () => {
    const r = await call(b.url, 'GET', '/v1/whoami', stack.adminKey);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ orgId: 'demo', principal: { keyId: expect.stringMatching(/^admin-[0-9a-f]{12}$/) } });
  });

  it('never writes a key to the logs', async () => {
    const k = await newKey();
    await call(b.url, 'GET', '/v1/whoami', k.secret);
    await call(b.url, 'GET', '/v1/whoami', `${k.secret.slice(0, -1)}x`);
    for (const p of [a, b]) {
      expect(p.output()).not.toContain(k.secret);
      expect(p.output()).not.toContain(stack.adminKey);
      expect(p.output()).not.toMatch(/sk-ic-[0-9A-Za-z]{20}/);
    }
  });

  it('records access requests, their approval and key revocations in the audit trail', async () => {
    const observability = await stack.start('observability');
    const k = await newKey();
    const asked = await call(b.url, 'POST', '/v1/access-requests', k.secret, { model: 'openai/gpt-4o', reason: 'evals' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ status: 'pending', deniedBy: ['team', 'key'] });
    const approved = await call(a.url, 'POST', `/admin/v1/orgs/${org}/access-requests/${asked.body.id}/approve`, stack.adminKey, { note: 'for the eval run' });
    expect(approved.body).toMatchObject({ status: 'approved', grantedAt: ['team', 'key'] });
    await call(a.url, 'POST', `/admin/v1/orgs/${org}/keys/${k.key.id}/revoke`, stack.adminKey);

    type Entries = { entries: { action: string; resource: string | null; data: Record<string, unknown> }[] };
    const audit = (resource: string) =>
      call<Entries>(observability.url, 'GET', `/v1/audit/entries?orgId=${org}&resource=${encodeURIComponent(resource)}`, stack.adminKey).then((r) => r.body.entries ?? []);
    const request = await waitFor(async () => {
      const e = await audit(`access_request:${asked.body.id}`);
      return e.length >= 2 && e;
    }, 'the access request in the audit trail');
    expect(request.map((e) => [e.action, e.data.action])).toEqual([
      ['admin.changed', 'access_request.created'],
      ['admin.changed', 'access_request.approved'],
    ]);
    expect(request[1].data.changes).toMatchObject({ model: 'openai/gpt-4o', grantedAt: ['team', 'key'], keyId: k.key.id });
    const key = await waitFor(async () => {
      const e = await audit(`key:${k.key.id}`);
      return e.some((x) => x.data.action === 'key.revoked') && e;
    }, 'the revocation in the audit trail');
    expect(JSON.stringify(key)).not.toContain(k.secret);
  });
});
