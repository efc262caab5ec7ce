import { randomBytes } from 'node:crypto';
import { BusConnection } from '@ironcage/bus';
import { dropSchema, startServiceProcess, testInfra, uniqueNamespace, uniqueSchema, type ServiceProcess } from '@ironcage/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client, Connection } from '@temporalio/client';

/** One isolated copy of the platform's wiring for a test file: its own namespace, schemas, key. */
export function isolatedStack(label: string) {
  const namespace = uniqueNamespace(label);
  const adminKey = `ic-admin-${randomBytes(24).toString('base64url')}`;
  const schemas: string[] = [];
  const processes: ServiceProcess[] = [];

  const envFor = (service: string): Record<string, string> => {
    const schema = uniqueSchema(service);
    schemas.push(schema);
    return { BUS_NAMESPACE: namespace, DB_SCHEMA: schema, IRONCAGE_ADMIN_KEY: adminKey, LOG_LEVEL: 'info' };
  };

  return {
    namespace,
    adminKey,
    envFor,
    async start(service: string, env: Record<string, string> = envFor(service)): Promise<ServiceProcess> {
      const p = await startServiceProcess(service, env);
      processes.push(p);
      return p;
    },
    async bus(service = 'e2e-tests'): Promise<BusConnection> {
      return BusConnection.connect({ servers: testInfra.natsUrl, service, namespace });
    },
    /** Stops every process, deletes the namespace's streams, schemas and Temporal schedules. */
    async teardown(): Promise<void> {
      await Promise.all(processes.map((p) => p.stop('SIGKILL')));
      const nc = await connect({ servers: testInfra.natsUrl });
      try {
        const jsm = await jetstreamManager(nc);
        for await (const name of jsm.streams.names()) {
          if (name.startsWith(`${namespace.toUpperCase()}_`)) await jsm.streams.delete(name);
        }
      } finally {
        await nc.close();
      }
      for (const schema of schemas) await dropSchema(schema);
      const connection = await Connection.connect({ address: testInfra.temporalAddress });
      try {
        const client = new Client({ connection });
        for await (const s of client.schedule.list()) {
          if (s.scheduleId.startsWith(`${namespace}-`)) await client.schedule.getHandle(s.scheduleId).delete();
        }
      } finally {
        await connection.close();
      }
    },
  };
}

export async function getJson<T = unknown>(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const r = await fetch(url, { headers });
  return { status: r.status, body: (await r.json()) as T };
}

/** A W3C traceparent with a fresh trace id, as an instrumented client would send. */
export function newTraceparent(): { traceparent: string; traceId: string } {
  const traceId = randomBytes(16).toString('hex');
  return { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`, traceId };
}
