import { randomUUID } from 'node:crypto';
import { type DynamicModule, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import type { Logger as PinoLogger } from 'pino';
import type { z } from 'zod';
import { connectJetStream } from '@ironcage/bus';
import { PlatformBusModule } from '../bus/platform-bus.module';
import { type BaseConfig, ConfigError, loadConfig } from '../config/config';
import { ErrorReporter } from '../errors/error-reporter';
import { HealthRegistry } from '../health/health.registry';
import { createLogger, PinoNestLogger } from '../logging/logger';
import { MetricsRegistry } from '../metrics/metrics';
import { type PersistenceOptions, runMigrations } from '../persistence/persistence';
import { startTelemetry, type Telemetry } from '../telemetry/telemetry';
import { applicationModule } from './kit-core.module';

export interface ServiceDefinition<C extends BaseConfig = BaseConfig> {
  /** Service name: logs, metrics, bus consumer names, Temporal task queue. */
  name: string;
  /** The service's config schema: `baseConfigSchema.extend({...})`. */
  configSchema: z.ZodType<C>;
  /** The service's modules, built from its validated config (loaded after telemetry starts). */
  modules: (config: C) => Promise<(Type | DynamicModule)[]> | (Type | DynamicModule)[];
  /** Present when the service owns tables: enables `main.js migrate`. */
  persistence?: PersistenceOptions;
  /** Present when the service has a REST surface: served at /docs (UI) and /docs/openapi.json. */
  openapi?: { title: string; description: string };
  /** Called after the app is created and before it listens. */
  configure?: (app: NestFastifyApplication, config: C) => Promise<void> | void;
}

export interface RunningService {
  app: NestFastifyApplication;
  config: BaseConfig;
  url: string;
  stop(): Promise<void>;
}

/**
 * `node main.js` starts the service; `node main.js migrate` applies its migrations and exits;
 * `node main.js openapi` prints its OpenAPI document without touching any infrastructure.
 */
export async function runService<C extends BaseConfig>(definition: ServiceDefinition<C>, argv = process.argv.slice(2)): Promise<void> {
  const command = argv[0] ?? 'start';
  let config: C;
  try {
    config = loadConfig(definition.name, definition.configSchema, process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  try {
    if (command === 'migrate') {
      Logger.overrideLogger(new PinoNestLogger(logger));
      if (!definition.persistence) {
        logger.info(`${definition.name} owns no tables: nothing to migrate`);
        process.exit(0);
      }
      await runMigrations(config, definition.persistence);
      process.exit(0);
    }
    if (command === 'openapi') {
      if (!definition.openapi) {
        process.stderr.write(`${definition.name} has no REST surface\n`);
        process.exit(3);
      }
      const document = `${JSON.stringify(await buildOpenApiDocument(definition, config), null, 2)}\n`;
      // Exit only once the document is flushed: into a pipe, stdout is asynchronous.
      await new Promise<void>((resolve) => process.stdout.write(document, () => resolve()));
      process.exit(0);
    }
    const running = await startService(definition, config, logger);
    installSignalHandlers(running, logger, config.SHUTDOWN_TIMEOUT_MS);
  } catch (e) {
    logger.fatal({ err: e }, `${definition.name} failed to start`);
    process.exit(1);
  }
}

/** Starts a service in this process (also used by tests to run a service in-process). */
export async function startService<C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  config: C,
  logger: PinoLogger = createLogger(definition.name, config.LOG_LEVEL),
): Promise<RunningService> {
  const telemetry: Telemetry = startTelemetry({
    service: definition.name,
    version: config.SERVICE_VERSION,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const app = await createApp(definition, config, logger);
  await definition.configure?.(app, config);
  await app.startAllMicroservices();
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = await app.getUrl();
  Logger.log(`${definition.name} ${config.SERVICE_VERSION} ready on ${url}`, 'Bootstrap');
  let stopped: Promise<void> | undefined;
  return {
    app,
    config,
    url,
    stop: () =>
      (stopped ??= (async () => {
        app.get(HealthRegistry).markShuttingDown();
        await app.close();
        await telemetry?.shutdown();
      })()),
  };
}

async function createApp<C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  config: C,
  logger: PinoLogger,
  preview = false,
): Promise<NestFastifyApplication> {
  const modules = await definition.modules(config);
  const adapter = new FastifyAdapter({
    bodyLimit: config.HTTP_BODY_LIMIT_BYTES,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(applicationModule(definition.name, config, [PlatformBusModule.forService(definition.name), ...modules]), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: !preview,
    preview,
    abortOnError: false,
  });
  if (preview) return app;
  Logger.overrideLogger(new PinoNestLogger(logger));
  // Event and RPC handlers (@EventPattern / @MessagePattern) ride the same NATS connection; their
  // unexpected failures are reported like the HTTP API's.
  const reporter = app.get(ErrorReporter);
  connectJetStream(app, { onHandlerError: (err, f) => reporter.report(err, { where: `${f.kind} ${f.subject}`, orgId: f.orgId, errorId: f.errorId }) });

  const metrics = app.get(MetricsRegistry);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
  fastify.addHook('onSend', (request, reply, _payload, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });

  if (definition.openapi) {
    const document = buildDocument(app, definition);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml' });
  }
  return app;
}

function buildDocument<C extends BaseConfig>(app: NestFastifyApplication, definition: ServiceDefinition<C>): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle(definition.openapi!.title)
    .setDescription(definition.openapi!.description)
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An Iron Cage key' });
  return cleanupOpenApiDoc(SwaggerModule.createDocument(app, builder.build()));
}

/** The OpenAPI document of a service, built without starting any of its dependencies. */
export async function buildOpenApiDocument<C extends BaseConfig>(definition: ServiceDefinition<C>, config: C): Promise<OpenAPIObject> {
  if (!definition.openapi) throw new Error(`${definition.name} has no REST surface`);
  const app = await createApp(definition, config, createLogger(definition.name, 'silent'), true);
  return buildDocument(app, definition);
}

function installSignalHandlers(running: RunningService, logger: PinoLogger, timeoutMs: number): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'shutting down: draining consumers and in-flight work');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'graceful shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    running.stop().then(
      () => {
        logger.info('stopped cleanly');
        logger.flush();
        process.exit(0);
      },
      (e: unknown) => {
        logger.error({ err: e }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
