import { Writable } from 'node:stream';
import { BusConnection, EventPublisher } from '@ironcage/bus';
import { createLogger, loadConfig, type RunningService, startService } from '@ironcage/kit';
import { freePort, testInfra } from '@ironcage/testing';
import { type ObservabilityConfig, observabilityConfigSchema } from '../config';
import { observabilityService } from '../service';

/**
 * The observability service in this process, on its own schema and bus namespace, without
 * Temporal; every log line it writes is kept in `logs`.
 */
export async function startObservabilityApp(options: { schema: string; namespace: string; adminKey: string; env?: Record<string, string> }) {
  const config: ObservabilityConfig = loadConfig('observability', observabilityConfigSchema, {
    NODE_ENV: 'test',
    DATABASE_URL: testInfra.databaseUrl,
    NATS_URL: testInfra.natsUrl,
    TEMPORAL_ADDRESS: testInfra.temporalAddress,
    DB_SCHEMA: options.schema,
    BUS_NAMESPACE: options.namespace,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    IRONCAGE_ADMIN_KEY: options.adminKey,
    LOG_LEVEL: 'debug',
    TEMPORAL_ENABLED: 'false',
    DB_POOL_MAX: '10',
    ...options.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      if (process.env.OBSERVABILITY_TEST_LOGS) process.stdout.write(chunk);
      cb();
    },
  });
  // without the OpenAPI UI: its static-file plugin pulls an ESM-only dependency Jest cannot require
  const running: RunningService = await startService({ ...observabilityService, openapi: undefined }, config, createLogger('observability', config.LOG_LEVEL, sink));
  return { ...running, config, logs };
}

/** What a test talks to the service with: the bus and the admin REST API (every response body kept in `responses`). */
export async function observabilityClient(namespace: string, url: string, adminKey: string) {
  const bus = await BusConnection.connect({ servers: testInfra.natsUrl, service: 'observability-tests', namespace });
  await bus.provisionStreams();
  const responses: string[] = [];
  const auth = { authorization: `Bearer ${adminKey}` };
  const http = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const r = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    responses.push(text);
    return { status: r.status, body: (text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
  };
  return { bus, publisher: new EventPublisher(bus), http, responses, close: () => bus.close() };
}
