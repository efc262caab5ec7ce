import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { applicationModule, loadConfig, PersistenceModule } from '@ironcage/kit';
import { dropSchema, testInfra, uniqueSchema } from '@ironcage/testing';
import { observabilityConfigSchema } from '../../config';
import { observabilityPersistence } from '../../persistence';
import { TraceForwarder } from '../forward/trace-forwarder';
import { TracesModule } from '../traces.module';

export interface TracesApp {
  app: NestFastifyApplication;
  url: string;
  schema: string;
  adminKey: string;
  forwarder: TraceForwarder;
  close(): Promise<void>;
}

/**
 * The traces area alone (OTLP receiver, storage, query API, forwarder) as a real HTTP server on
 * a Postgres schema of its own: the kit's core plus persistence and TracesModule, no bus or Temporal.
 */
export async function startTracesApp(env: Record<string, string> = {}): Promise<TracesApp> {
  const schema = uniqueSchema('observability');
  const adminKey = `ic-admin-${randomBytes(24).toString('base64url')}`;
  const config = loadConfig('observability', observabilityConfigSchema, {
    NODE_ENV: 'test',
    DATABASE_URL: testInfra.databaseUrl,
    NATS_URL: testInfra.natsUrl,
    TEMPORAL_ADDRESS: testInfra.temporalAddress,
    DB_SCHEMA: schema,
    IRONCAGE_ADMIN_KEY: adminKey,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    applicationModule('observability', config, [PersistenceModule.forService(observabilityPersistence), TracesModule]),
    new FastifyAdapter({ bodyLimit: config.HTTP_BODY_LIMIT_BYTES }),
    { logger: false },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    schema,
    adminKey,
    forwarder: app.get(TraceForwarder),
    close: async () => {
      await app.close();
      await dropSchema(schema);
    },
  };
}
