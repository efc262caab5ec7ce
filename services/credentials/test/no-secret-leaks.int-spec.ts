import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENTS } from '@ironcage/contracts';
import { sql, testInfra, waitFor } from '@ironcage/testing';
import { Client, Connection } from '@temporalio/client';
import { type CredentialsUnderTest, startCredentials } from './harness';

const secret = (label: string) => `sk-${label}-${randomBytes(18).toString('hex')}`;

/**
 * Drives the credentials service as a process through writes, leases, a replacement, a rotation by
 * pasted key, failures and a reveal, then searches everything the platform emitted for any of the
 * values: the process's own output at LOG_LEVEL=trace, every message of every JetStream stream of
 * the namespace (dead letters included), every HTTP response except the reveal, every RPC error,
 * and the database.
 */
describe('credentials never let a secret value out', () => {
  let svc: CredentialsUnderTest;
  const org = 'leak-org';
  const values = { v1: secret('first'), v2: secret('second'), v3: secret('pasted'), other: secret('other-org'), bad: secret('rejected') };

  let anthropic: Server;

  beforeAll(async () => {
    // Anthropic's key check (GET /v1/models) for the pasted key's test stage: only the new key works.
    anthropic = createServer((req, res) => {
      res.writeHead(req.url === '/v1/models' && req.headers['x-api-key'] === values.v3 ? 200 : 401, { 'content-type': 'application/json' });
      res.end('{"data":[]}');
    });
    await new Promise<void>((r) => anthropic.listen(0, '127.0.0.1', r));
    const endpoints = JSON.stringify({ anthropic: `http://127.0.0.1:${(anthropic.address() as AddressInfo).port}` });
    svc = await startCredentials({
      CREDENTIALS_LEASE_TTL_SECONDS: '10',
      CREDENTIALS_ROTATION_GRACE_SECONDS: '10',
      CREDENTIALS_PROVIDER_ENDPOINTS: endpoints,
    });
  });
  afterAll(async () => {
    await svc?.stop();
    anthropic?.close();
  });

  it('keeps every value out of logs, events, dead letters, responses, errors and the database', async () => {
    const created = await svc.http<{ id: string; currentVersion: number }>('POST', '/v1/credentials', {
      orgId: org,
      name: 'anthropic-prod',
      provider: 'anthropic',
      value: values.v1,
      ownerTeam: 'platform',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.currentVersion).toBe(1);
    expect((await svc.http('PUT', '/v1/credentials/bindings/claude-prod', { orgId: org, credentialId: id })).status).toBe(200);

    const lease1 = await svc.lease(org, 'claude-prod');
    expect(lease1).toMatchObject({ credentialId: id, version: 1, secret: values.v1, provider: 'anthropic' });

    // replacement: version 2 is served at once
    expect((await svc.http('POST', `/v1/credentials/${id}/versions`, { orgId: org, value: values.v2, cas: 1 })).status).toBe(201);
    expect(await svc.lease(org, 'claude-prod')).toMatchObject({ version: 2, secret: values.v2 });

    // rotation by pasted key: test → promote → revoke stages run in Temporal
    const rotation = await svc.http<{ rotationId: string }>('POST', `/v1/credentials/${id}/rotations`, { orgId: org, value: values.v3 });
    expect(rotation.status).toBe(202);
    await waitFor(async () => (await svc.lease(org, 'claude-prod')).version === 3, 'the pasted key to be promoted', 30_000);
    expect((await svc.lease(org, 'claude-prod')).secret).toBe(values.v3);

    // failures that carry a value in the request
    expect((await svc.http('POST', `/v1/credentials/${id}/versions`, { orgId: org, value: values.bad, cas: 1 })).status).toBe(409);
    expect((await svc.http('POST', '/v1/credentials', { orgId: org, name: 'anthropic-prod', provider: 'anthropic', value: values.bad })).status).toBe(409);
    expect((await svc.http('POST', '/v1/credentials', { orgId: org, name: 'bad name!', provider: 'nope', value: values.bad, extra: values.bad })).status).toBe(400);
    expect((await svc.http('POST', '/v1/credentials', { orgId: org, name: 'x', provider: 'anthropic', value: 7 })).status).toBe(400);
    expect((await svc.http('POST', '/v1/credentials', undefined, `{"orgId":"${org}","value":"${values.bad}" oops`)).status).toBe(400);
    expect((await svc.http('POST', `/v1/credentials/${id}/versions/delete`, { orgId: org, versions: [3] })).status).toBe(409);
    await expect(svc.lease(org, 'unbound')).rejects.toMatchObject({ code: 'not_found' });

    // another org's value, and its attempt to read ours
    const theirs = await svc.http<{ id: string }>('POST', '/v1/credentials', { orgId: 'other-org', name: 'mine', provider: 'openai', value: values.other });
    expect(theirs.status).toBe(201);
    expect((await svc.http('GET', `/v1/credentials/${id}?orgId=other-org`)).status).toBe(404);
    expect((await svc.http('POST', `/v1/credentials/${id}/reveal`, { orgId: 'other-org', reason: 'curious' })).status).toBe(404);

    // versions, metadata, list
    expect((await svc.http('POST', `/v1/credentials/${id}/versions/delete`, { orgId: org, versions: [1] })).status).toBe(204);
    expect((await svc.http('POST', `/v1/credentials/${id}/versions/destroy`, { orgId: org, versions: [1] })).status).toBe(204);
    const detail = await svc.http<{ versions: { version: number; destroyed: boolean }[] }>('GET', `/v1/credentials/${id}?orgId=${org}`);
    expect(detail.body.versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect((await svc.http('GET', `/v1/credentials?orgId=${org}`)).status).toBe(200);

    // the one way out: reveal
    const revealed = await svc.http<{ value: string; version: number }>('POST', `/v1/credentials/${id}/reveal`, { orgId: org, reason: 'incident 42' });
    expect(revealed.body).toMatchObject({ value: values.v3, version: 3 });

    // every access was audited, the reveal with its reason
    const events = await waitFor(async () => {
      const all = await svc.streamContents();
      return all.some((m) => m.data.includes('"reveal"')) && all;
    }, 'the audit events');
    const actions = events.filter((m) => m.subject.endsWith(EVENTS.credentialAccessed)).map((m) => (JSON.parse(m.data) as { data: { action: string } }).data.action);
    expect(actions).toEqual(expect.arrayContaining(['create', 'bind', 'lease', 'write', 'rotation-started', 'read', 'delete', 'destroy', 'reveal']));
    expect(events.some((m) => m.subject.endsWith(EVENTS.credentialRotated))).toBe(true);
    expect(events.some((m) => m.subject.endsWith(EVENTS.credentialRevoked))).toBe(true);

    // and now: nothing else ever carried a value
    const history = await workflowHistories(svc.namespace);
    expect(history.length).toBeGreaterThan(1000);
    const everything = [
      ['temporal workflow histories', history],
      ['process output', svc.output()],
      ['streams', JSON.stringify(events)],
      ['http responses except the reveal', JSON.stringify(svc.responses.filter((r) => !r.path.endsWith('/reveal') || r.status !== 200))],
      ['database', JSON.stringify(await dumpSchema(svc.schema))],
    ] as const;
    for (const [where, text] of everything) {
      for (const [name, value] of Object.entries(values)) {
        expect({ where, name, leaked: text.includes(value) || text.includes(Buffer.from(value).toString('base64')) }).toEqual({ where, name, leaked: false });
      }
    }
    expect(svc.output().length).toBeGreaterThan(1000);
  });
});

/** Inputs, results and failures of every workflow the namespace ran, as Temporal stores them. */
async function workflowHistories(namespace: string): Promise<string> {
  const connection = await Connection.connect({ address: testInfra.temporalAddress });
  try {
    const client = new Client({ connection });
    const parts: string[] = [];
    for await (const wf of client.workflow.list({ query: `WorkflowId STARTS_WITH "${namespace}-"` })) {
      const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
      parts.push(JSON.stringify(history, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)));
    }
    return parts.join('\n');
  } finally {
    await connection.close();
  }
}

async function dumpSchema(schema: string): Promise<unknown[]> {
  const tables = await sql<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema]);
  const out: unknown[] = [];
  for (const t of tables) {
    const rows = await sql<Record<string, unknown>>(`SELECT * FROM "${schema}"."${t.table_name}"`);
    out.push(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('latin1') : v]))));
  }
  return out;
}
