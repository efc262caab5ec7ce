import { randomBytes } from 'node:crypto';
import { BusConnection, RpcClient } from '@ironcage/bus';
import { credentialsLeaseRpc } from '@ironcage/contracts';
import { dropSchema, startServiceProcess, testInfra, uniqueNamespace, uniqueSchema, type ServiceProcess } from '@ironcage/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client, Connection } from '@temporalio/client';

export interface HttpResult<T = unknown> {
  status: number;
  text: string;
  body: T;
}

/** One credentials service process with its own namespace, schema, admin key and KEK. */
export async function startCredentials(env: Record<string, string> = {}) {
  const namespace = uniqueNamespace('cred');
  const schema = uniqueSchema('credentials');
  const adminKey = `ic-admin-${randomBytes(24).toString('base64url')}`;
  const kek = randomBytes(32).toString('base64');
  const baseEnv: Record<string, string> = {
    BUS_NAMESPACE: namespace,
    DB_SCHEMA: schema,
    IRONCAGE_ADMIN_KEY: adminKey,
    CREDENTIALS_KEK: kek,
    CREDENTIALS_KEK_ID: 'test-kek-1',
    LOG_LEVEL: 'trace',
    ...env,
  };
  let proc: ServiceProcess = await startServiceProcess('credentials', baseEnv);
  const outputs: string[] = [];
  const bus = await BusConnection.connect({ servers: testInfra.natsUrl, service: 'credentials-tests', namespace });
  const rpc = new RpcClient(bus);
  const responses: { method: string; path: string; status: number; text: string }[] = [];

  async function http<T = unknown>(method: string, path: string, body?: unknown, raw?: string): Promise<HttpResult<T>> {
    const r = await fetch(`${proc.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await r.text();
    responses.push({ method, path, status: r.status, text });
    return { status: r.status, text, body: (text ? JSON.parse(text) : undefined) as T };
  }

  return {
    namespace,
    schema,
    adminKey,
    kek,
    env: baseEnv,
    get url() {
      return proc.url;
    },
    http,
    responses,
    rpc,
    bus,
    lease: (orgId: string, deployment: string, ttlSeconds?: number) =>
      rpc.call(credentialsLeaseRpc, { orgId, deployment, requester: 'tests', ...(ttlSeconds ? { ttlSeconds } : {}) }),
    /** Everything the process printed, across restarts. */
    output: () => [...outputs, proc.output()].join('\n'),
    async restart(extra: Record<string, string> = {}) {
      await proc.stop('SIGTERM');
      outputs.push(proc.output());
      proc = await startServiceProcess('credentials', { ...baseEnv, ...extra });
    },
    /** Every message stored in the namespace's streams (events and dead letters), as text. */
    async streamContents(): Promise<{ stream: string; subject: string; data: string; headers: string }[]> {
      const out: { stream: string; subject: string; data: string; headers: string }[] = [];
      for await (const name of bus.jsm.streams.names()) {
        if (!name.startsWith(`${namespace.toUpperCase()}_`)) continue;
        const info = await bus.jsm.streams.info(name);
        for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
          const m = await bus.jsm.streams.getMessage(name, { seq }).catch(() => null);
          if (m) out.push({ stream: name, subject: m.subject, data: m.string(), headers: m.header ? JSON.stringify([...m.header.keys()].map((k) => [k, m.header.get(k)])) : '' });
        }
      }
      return out;
    },
    async stop() {
      await bus.close();
      await proc.stop('SIGKILL');
      const nc = await connect({ servers: testInfra.natsUrl });
      try {
        const jsm = await jetstreamManager(nc);
        for await (const name of jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) await jsm.streams.delete(name);
      } finally {
        await nc.close();
      }
      await dropSchema(schema);
      const connection = await Connection.connect({ address: testInfra.temporalAddress });
      try {
        const client = new Client({ connection });
        for await (const s of client.schedule.list()) if (s.scheduleId.startsWith(`${namespace}-`)) await client.schedule.getHandle(s.scheduleId).delete();
      } finally {
        await connection.close();
      }
    },
  };
}

export type CredentialsUnderTest = Awaited<ReturnType<typeof startCredentials>>;
