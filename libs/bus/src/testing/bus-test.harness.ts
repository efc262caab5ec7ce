import { randomBytes } from 'node:crypto';
import { type INestApplication, Logger, type LoggerService, Module, type ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { STREAMS, type RequestReceived } from '@ironcage/contracts';
import { DeliverPolicy, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { BusModuleOptions } from '../bus.options';
import { BusConnection } from '../connection/bus.connection';
import { BusModule } from '../module/bus.module';
import { EventPublisher } from '../publisher/event.publisher';
import { RpcClient } from '../rpc/rpc.client';
import { connectJetStream } from '../server/connect-jetstream';
import type { JetStreamServerOptions } from '../server/jetstream.server';

@Module({})
class BusTestModule {}

// quiet unless asked: BUS_TEST_LOGS=1 prints what the bus logs
Logger.overrideLogger(process.env.BUS_TEST_LOGS ? ['log', 'error', 'warn', 'debug'] : false);

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A namespace no other test run uses, so files run in parallel and repeatedly. */
export const testNamespace = (): string => `t${randomBytes(4).toString('hex')}`;

export function busOptions(namespace: string, service = 'observability', extra: Partial<BusModuleOptions> = {}): BusModuleOptions {
  return { servers: NATS_URL, service, namespace, connectTimeoutMs: 3000, ...extra };
}

/** Deletes every stream of a test namespace. */
export async function deleteNamespace(namespace: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    const prefix = `${namespace.toUpperCase()}_`;
    const names: string[] = [];
    for await (const name of jsm.streams.names()) if (name.startsWith(prefix)) names.push(name);
    await Promise.all(names.map((n) => jsm.streams.delete(n)));
  } finally {
    await nc.close();
  }
}

export async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Every message currently parked on the namespaced dead-letter subject of `subject` (logical). */
export async function deadLetters(connection: BusConnection, subject: string): Promise<JsMsg[]> {
  const stream = connection.naming.stream(STREAMS.deadLetters.name);
  const filter = connection.naming.deadLetterSubject(subject);
  const info = await connection.jsm.streams.info(stream, { subjects_filter: filter });
  const stored = info.state.subjects?.[filter] ?? 0;
  if (stored === 0) return [];
  const consumer = await connection.js.consumers.get(stream, { filter_subjects: [filter], deliver_policy: DeliverPolicy.All });
  const out: JsMsg[] = [];
  while (out.length < stored) {
    const msg = await consumer.next({ expires: 2000 });
    if (!msg) break;
    out.push(msg);
  }
  return out;
}

/** Waits until a dead letter for `subject` matches `predicate`. */
export function waitForDeadLetter(connection: BusConnection, subject: string, predicate: (msg: JsMsg) => boolean, timeoutMs = 10_000): Promise<JsMsg> {
  return waitFor(async () => (await deadLetters(connection, subject)).find(predicate), timeoutMs, `a dead letter on ${subject}`);
}

export function requestReceived(overrides: Partial<RequestReceived> = {}): RequestReceived {
  return {
    requestId: `req-${randomBytes(4).toString('hex')}`,
    principal: { keyId: 'key-1', teamId: 'team-1' },
    endpoint: '/v1/chat/completions',
    method: 'POST',
    status: 200,
    latencyMs: 42,
    model: 'gpt-4o',
    ...overrides,
  };
}

export interface LogEntry {
  level: string;
  message: unknown;
  params: unknown[];
}

/** A Nest logger that keeps entries for assertions (and prints nothing unless BUS_TEST_LOGS is set). */
export class CapturingLogger implements LoggerService {
  readonly entries: LogEntry[] = [];
  log(message: unknown, ...params: unknown[]): void {
    this.add('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.add('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.add('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.add('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.add('verbose', message, params);
  }
  private add(level: string, message: unknown, params: unknown[]): void {
    this.entries.push({ level, message, params });
    // eslint-disable-next-line no-console
    if (process.env.BUS_TEST_LOGS) console.log(level, JSON.stringify(message), ...params);
  }
}

export interface BusTestApp {
  app: INestApplication;
  connection: BusConnection;
  publisher: EventPublisher;
  rpc: RpcClient;
  close(): Promise<void>;
}

/** A service the way it runs in production: HTTP app + BusModule + the JetStream transport attached. */
export async function startBusApp(params: {
  options: BusModuleOptions;
  controllers?: ModuleMetadata['controllers'];
  providers?: ModuleMetadata['providers'];
  server?: Omit<JetStreamServerOptions, 'connection' | 'bus'>;
  logger?: LoggerService;
}): Promise<BusTestApp> {
  const app = await NestFactory.create(
    {
      module: BusTestModule,
      imports: [BusModule.forRoot(params.options)],
      controllers: params.controllers ?? [],
      providers: params.providers ?? [],
    },
    new FastifyAdapter(),
    { logger: params.logger ?? new CapturingLogger(), abortOnError: false },
  );
  connectJetStream(app, params.server);
  await app.init();
  await app.startAllMicroservices();
  return {
    app,
    connection: app.get(BusConnection),
    publisher: app.get(EventPublisher),
    rpc: app.get(RpcClient),
    close: () => app.close(),
  };
}

