import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local server speaking the slice of OpenAI's Admin API a rotation uses, plus GET /v1/models. */
export async function startFakeOpenAI(adminKey: string) {
  const accounts = new Map<string, { id: string; name: string; key: string; keyId: string; created_at: number }>();
  const calls: string[] = [];
  const seeded = new Set<string>();
  /** While true, /v1/models refuses every key a rotation made (a key that does not work yet). */
  const state = { rejectNewKeys: false };
  const body = (req: IncomingMessage) =>
    new Promise<Record<string, unknown>>((resolve) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => resolve(data ? (JSON.parse(data) as Record<string, unknown>) : {}));
    });
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    calls.push(`${req.method} ${url.pathname}`);
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (url.pathname === '/v1/models') {
      return [...accounts.values()].some((a) => a.key === bearer && (!state.rejectNewKeys || seeded.has(a.id))) ? send(200, { object: 'list', data: [] }) : send(401, { error: { message: 'Incorrect API key' } });
    }
    const m = /^\/v1\/organization\/projects\/([^/]+)\/service_accounts(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return send(404, { error: { message: 'not found' } });
    if (bearer !== adminKey) return send(401, { error: { message: 'admin key required' } });
    const [, , id] = m;
    if (req.method === 'POST' && !id) {
      const { name } = await body(req);
      const sa = { id: `svc_acct_${randomBytes(6).toString('hex')}`, name: String(name), key: `sk-svcacct-${randomBytes(24).toString('hex')}`, keyId: `key_${randomBytes(6).toString('hex')}`, created_at: Math.floor(Date.now() / 1000) };
      accounts.set(sa.id, sa);
      return send(200, {
        object: 'organization.project.service_account',
        id: sa.id,
        name: sa.name,
        role: 'member',
        created_at: sa.created_at,
        api_key: { object: 'organization.project.service_account.api_key', value: sa.key, name: 'Secret Key', created_at: sa.created_at, id: sa.keyId },
      });
    }
    if (req.method === 'GET' && !id) {
      const all = [...accounts.values()].map((a) => ({ object: 'organization.project.service_account', id: a.id, name: a.name, role: 'member', created_at: a.created_at }));
      return send(200, { object: 'list', data: all, first_id: all[0]?.id ?? null, last_id: all.at(-1)?.id ?? null, has_more: false });
    }
    if (req.method === 'DELETE' && id) {
      if (!accounts.delete(id)) return send(404, { error: { message: 'No such service account' } });
      return send(200, { object: 'organization.project.service_account.deleted', id, deleted: true });
    }
    send(405, { error: { message: 'method not allowed' } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accounts,
    calls,
    state,
    /** Creates a service account as a person would have, outside any rotation. */
    seed(name: string) {
      const sa = { id: `svc_acct_${randomBytes(6).toString('hex')}`, name, key: `sk-svcacct-${randomBytes(24).toString('hex')}`, keyId: `key_${randomBytes(6).toString('hex')}`, created_at: 0 };
      accounts.set(sa.id, sa);
      seeded.add(sa.id);
      return sa;
    },
    works: (key: string) => [...accounts.values()].some((a) => a.key === key),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
