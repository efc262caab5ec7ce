import { randomBytes } from 'node:crypto';
import { BusConnection, EventPublisher, RpcClient } from '@ironcage/bus';
import { createLogger, loadConfig, type RunningService, startService } from '@ironcage/kit';
import { freePort, testInfra } from '@ironcage/testing';
import { BudgetModule } from '../budget.module';
import type { Clock } from '../clock/clock';
import { type BudgetConfig, budgetConfigSchema } from '../config';
import { budgetService } from '../service';

export interface BudgetApp extends RunningService {
  config: BudgetConfig;
}

/**
 * A budget service in this process, on its own schema and bus namespace, with the given clock.
 * Two of them on the same schema and namespace are two replicas (one queue group, one database).
 */
export async function startBudgetApp(options: { schema: string; namespace: string; adminKey: string; clock?: Clock; env?: Record<string, string> }): Promise<BudgetApp> {
  const config = loadConfig('budget', budgetConfigSchema, {
    NODE_ENV: 'test',
    DATABASE_URL: testInfra.databaseUrl,
    NATS_URL: testInfra.natsUrl,
    TEMPORAL_ADDRESS: testInfra.temporalAddress,
    DB_SCHEMA: options.schema,
    BUS_NAMESPACE: options.namespace,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    IRONCAGE_ADMIN_KEY: options.adminKey,
    LOG_LEVEL: process.env.BUDGET_TEST_LOG_LEVEL ?? 'warn',
    TEMPORAL_ENABLED: 'false',
    DB_POOL_MAX: '10',
    ...options.env,
  });
  // without the OpenAPI UI: its static-file plugin pulls an ESM-only dependency Jest cannot require
  const running = await startService({ ...budgetService, openapi: undefined, modules: (c) => [BudgetModule.forRoot(c, { clock: options.clock })] }, config, createLogger('budget', config.LOG_LEVEL));
  return { ...running, config };
}

export const testAdminKey = (): string => `ic-admin-${randomBytes(24).toString('base64url')}`;

/** What a test talks to the service with: the bus (RPC + events) and the admin REST API. */
export async function budgetClient(namespace: string, url: string, adminKey: string) {
  const bus = await BusConnection.connect({ servers: testInfra.natsUrl, service: 'budget-tests', namespace });
  await bus.provisionStreams();
  const auth = { authorization: `Bearer ${adminKey}` };
  const http = async <T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const r = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: (text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
  };
  return { bus, rpc: new RpcClient(bus), publisher: new EventPublisher(bus), http, close: () => bus.close() };
}

/** Deletes the streams of a test namespace. */
export async function deleteNamespaceStreams(bus: BusConnection, namespace: string): Promise<void> {
  for await (const name of bus.jsm.streams.names()) {
    if (name.startsWith(`${namespace.toUpperCase()}_`)) await bus.jsm.streams.delete(name);
  }
}
