import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServiceProcess, waitFor } from '@ironcage/testing';
import { stringify } from 'yaml';
import { isolatedStack } from './stack';

/** An OpenAI-style upstream that accepts only the keys in `accepted` and notes which key each call used. */
class KeyCheckingUpstream {
  private server?: Server;
  url = '';
  readonly accepted = new Set<string>();
  /** Keys of the chat completions it answered or refused, in order. */
  readonly seen: { key: string; ok: boolean }[] = [];

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const ok = this.accepted.has(key);
    const json = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (!ok && req.url?.endsWith('/chat/completions')) this.seen.push({ key, ok });
    if (!ok) return json(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
    if (req.method === 'GET' && req.url === '/v1/models') return json(200, { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] });
    if (req.method === 'POST' && req.url === '/v1/chat/completions') {
      this.seen.push({ key, ok });
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { model: string };
      return json(200, {
        id: `chatcmpl-${randomBytes(6).toString('hex')}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
      });
    }
    json(404, { error: { message: 'not found' } });
  }
}

/**
 * The gateway serving chat completions with a provider key leased from the credentials service
 * (GATEWAY_CREDENTIALS=lease), both run as processes on real NATS, Postgres and Temporal: a key is
 * rotated by pasting a new one while requests keep flowing; none fails, and the upstream sees the
 * new key soon after the promotion (long before the lease's renewAfter: the `credential.rotated`
 * event dropped the lease), after which the old key is refused upstream.
 */
describe('gateway credential leases: keys from the credentials service, rotated under traffic', () => {
  const stack = isolatedStack('gwlease');
  const org = 'leases';
  const platformOrg = 'platform';
  const deploymentId = 'leased-openai';
  const model = 'leased/gpt';
  const keys = { v1: `sk-lease-one-${randomBytes(16).toString('hex')}`, v2: `sk-lease-two-${randomBytes(16).toString('hex')}` };
  const dir = mkdtempSync(join(tmpdir(), 'ironcage-gw-lease-'));
  const upstream = new KeyCheckingUpstream();
  let credentials: ServiceProcess;
  let gateway: ServiceProcess;
  let virtualKey: string;
  let credentialId: string;

  const call = async (base: string, method: string, path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> & { id: string; secret: string } };
  };
  const chat = async (): Promise<number> => {
    const r = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${virtualKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await r.arrayBuffer();
    return r.status;
  };

  beforeAll(async () => {
    await upstream.start();
    upstream.accepted.add(keys.v1);

    credentials = await stack.start('credentials', {
      ...stack.envFor('credentials'),
      CREDENTIALS_KEK: randomBytes(32).toString('base64'),
      CREDENTIALS_KEK_ID: 'e2e-kek-1',
      CREDENTIALS_LEASE_TTL_SECONDS: '30',
      CREDENTIALS_ROTATION_GRACE_SECONDS: '30',
      CREDENTIALS_PROVIDER_ENDPOINTS: JSON.stringify({ openai: upstream.url }),
    });
    const created = await call(credentials.url, 'POST', '/v1/credentials', { orgId: platformOrg, name: 'openai-prod', provider: 'openai', value: keys.v1, ownerTeam: 'platform' });
    expect(created.status).toBe(201);
    credentialId = created.body.id;
    expect((await call(credentials.url, 'PUT', `/v1/credentials/bindings/${deploymentId}`, { orgId: platformOrg, credentialId })).status).toBe(200);

    const file = join(dir, 'models.yaml');
    writeFileSync(file, stringify({ models: { [model]: { deployments: [{ id: deploymentId, provider: 'openai', model: 'gpt-4o-mini', baseUrl: `${upstream.url}/v1` }] } } }));
    gateway = await stack.start('gateway', {
      ...stack.envFor('gateway'),
      GATEWAY_MODELS_FILE: file,
      GATEWAY_CREDENTIALS: 'lease',
      GATEWAY_CREDENTIALS_ORG: platformOrg,
    });

    expect((await call(gateway.url, 'POST', '/admin/v1/orgs', { id: org, name: 'Leases' })).status).toBe(201);
    const team = await call(gateway.url, 'POST', `/admin/v1/orgs/${org}/teams`, { slug: 'apps', name: 'Apps', allowedModels: ['leased/*'] });
    const user = await call(gateway.url, 'POST', `/admin/v1/orgs/${org}/users`, { email: 'dev@leases.test', name: 'Dev' });
    await call(gateway.url, 'PUT', `/admin/v1/orgs/${org}/teams/${team.body.id}/members/${user.body.id}`, { role: 'member' });
    virtualKey = (await call(gateway.url, 'POST', `/admin/v1/orgs/${org}/keys`, { name: 'app', owner: { type: 'user', userId: user.body.id, teamId: team.body.id } })).body.secret;
    expect(virtualKey).toMatch(/^sk-ic-/);
  }, 120_000);

  afterAll(async () => {
    await stack.teardown();
    await upstream.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a steady stream of chat requests through a pasted-key rotation without one failure', async () => {
    expect(await chat()).toBe(200);
    expect(upstream.seen.at(-1)).toEqual({ key: keys.v1, ok: true });

    const statuses: number[] = [];
    const failures: string[] = [];
    let running = true;
    const worker = async () => {
      while (running) {
        try {
          const status = await chat();
          statuses.push(status);
          if (status !== 200) failures.push(`status ${status}`);
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
    };
    const workers = Array.from({ length: 4 }, () => worker());
    try {
      await new Promise((r) => setTimeout(r, 1_000));
      const before = statuses.length;

      // The provider issued a second key (both work for now); it is pasted into a rotation.
      upstream.accepted.add(keys.v2);
      const rotationStarted = Date.now();
      const rotation = await call(credentials.url, 'POST', `/v1/credentials/${credentialId}/rotations`, { orgId: platformOrg, value: keys.v2 });
      expect(rotation.status).toBe(202);
      await waitFor(() => upstream.seen.some((s) => s.key === keys.v2), 'the upstream to see the new key', 20_000);
      // Long before renewAfter (20 s of a 30 s lease): the credential.rotated event dropped the lease.
      expect(Date.now() - rotationStarted).toBeLessThan(15_000);

      // Requests that read the old key just before the drop finish, then the old key stops working upstream.
      await new Promise((r) => setTimeout(r, 500));
      upstream.accepted.delete(keys.v1);
      const afterRevoke = upstream.seen.length;
      await new Promise((r) => setTimeout(r, 2_000));

      running = false;
      await Promise.all(workers);
      expect(failures).toEqual([]);
      expect(statuses.length).toBeGreaterThan(before + 20);
      const later = upstream.seen.slice(afterRevoke);
      expect(later.length).toBeGreaterThan(10);
      expect(later.every((s) => s.key === keys.v2 && s.ok)).toBe(true);
      expect(upstream.seen.filter((s) => !s.ok)).toEqual([]);
    } finally {
      running = false;
      await Promise.all(workers);
    }

    expect(gateway.output()).toMatch(/dropped credential leases/);
    for (const value of Object.values(keys)) {
      expect(gateway.output()).not.toContain(value);
      expect(credentials.output()).not.toContain(value);
    }
  }, 90_000);
});
