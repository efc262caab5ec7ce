import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { applicationModule, loadConfig, PlatformBusModule } from '@ironcage/kit';
import { dropSchema, freePort, testInfra, uniqueNamespace, uniqueSchema } from '@ironcage/testing';
import { type GatewayConfig, gatewayConfigSchema } from '../../config';
import { gatewayService } from '../../service';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/**
 * A gateway running in this process on its own schema and bus namespace, and a small HTTP client
 * for it. Built like runService builds it (kit core: validation pipe, error filter; the bus; the
 * gateway's modules), minus the OpenAPI UI, whose static-file plugin Jest cannot load.
 */
export async function startTestGateway(label: string, overrides: Record<string, string> = {}) {
  const namespace = uniqueNamespace(label);
  const schema = uniqueSchema('gateway');
  const adminKey = `ic-admin-${randomBytes(24).toString('base64url')}`;
  const config: GatewayConfig = loadConfig('gateway', gatewayConfigSchema, {
    NODE_ENV: 'test',
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    DATABASE_URL: testInfra.databaseUrl,
    NATS_URL: testInfra.natsUrl,
    DB_SCHEMA: schema,
    BUS_NAMESPACE: namespace,
    IRONCAGE_ADMIN_KEY: adminKey,
    LOG_LEVEL: 'silent',
    ...overrides,
  });
  const modules = await gatewayService.modules(config);
  const app = await NestFactory.create<NestFastifyApplication>(applicationModule('gateway', config, [PlatformBusModule.forService('gateway'), ...modules]), new FastifyAdapter(), {
    logger: false,
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://127.0.0.1:${config.PORT}`;

  async function call<T = Record<string, unknown>>(method: string, path: string, key: string | undefined, body?: unknown): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  return {
    namespace,
    schema,
    adminKey,
    url,
    app,
    call,
    async stop(): Promise<void> {
      await app.close();
      const nc = await connect({ servers: testInfra.natsUrl });
      try {
        const jsm = await jetstreamManager(nc);
        for await (const name of jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) await jsm.streams.delete(name);
      } finally {
        await nc.close();
      }
      await dropSchema(schema);
    },
  };
}

export type TestGateway = Awaited<ReturnType<typeof startTestGateway>>;
