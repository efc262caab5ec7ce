import { type INestApplicationContext, Logger } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { EVENT_CONTRACTS, RPC_CONTRACTS } from '@ironcage/contracts';
import type { NatsConnection, Status } from '@nats-io/nats-core';
import type { BusModuleOptions } from '../bus.options';
import { BusConnection } from '../connection/bus.connection';
import { errorMessage } from '../errors/issues';
import { EventConsumer } from './event-consumer';
import { EVENT_HANDLER_DEFAULTS, type EventHandlerDefaults, type EventHandlerOptions, type ResolvedEventHandlerOptions, resolveEventHandlerOptions } from './event-handler.options';
import { RpcResponder } from './rpc-responder';

export interface JetStreamServerOptions {
  /** The process's connection (normally from `BusModule`); the server then does not close it. */
  connection?: BusConnection;
  /** Or: options for a connection the server opens, provisions and drains itself. */
  bus?: BusModuleOptions;
  /** Defaults for every `@EventPattern` handler (each may override through its extras). */
  eventDefaults?: Partial<EventHandlerDefaults>;
  /** How long `close()` waits for handlers in flight (default 10 s). */
  closeTimeoutMs?: number;
  /**
   * Told about every handler failure other than an `RpcError` or a `PermanentEventError`, while the
   * handler's span is still active (e.g. to report it). Must not throw; whatever it does, the
   * message is settled as it would have been without it.
   */
  onHandlerError?: HandlerErrorListener;
}

export interface HandlerFailure {
  kind: 'rpc' | 'event';
  subject: string;
  /** Events: the envelope's organisation. */
  orgId?: string;
  /** RPC: the error id the caller was given. */
  errorId?: string;
}

export type HandlerErrorListener = (err: unknown, failure: HandlerFailure) => void;

export type JetStreamServerStatus = 'connected' | 'disconnected' | 'reconnecting' | 'closed';

/** Callbacks for `server.on(event, cb)`: the connection's status changes. */
export type JetStreamServerEvents = Record<Status['type'], (status: Status) => void>;

export const JETSTREAM_TRANSPORT = Symbol('IRONCAGE_JETSTREAM');

/**
 * Nest transport for the platform bus. `@EventPattern(EVENTS.x)` handlers consume a durable
 * JetStream consumer shared by every replica of the service; `@MessagePattern(RPC.x)` handlers
 * answer core NATS requests in a queue group. Payloads are validated against contracts first.
 */
export class JetStreamServer extends Server<JetStreamServerEvents, JetStreamServerStatus> implements CustomTransportStrategy {
  override readonly transportId = JETSTREAM_TRANSPORT;
  protected override readonly logger = new Logger('JetStreamServer');
  private connection?: BusConnection;
  private ownsConnection = false;
  private consumers: EventConsumer[] = [];
  private responders: RpcResponder[] = [];
  private readonly listeners: Array<{ event: string; callback: (status: Status) => void }> = [];
  private unsubscribeStatus?: () => void;
  private closing?: Promise<void>;

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    if (!options.connection && !options.bus) throw new Error('JetStreamServer needs a connection or bus options');
  }

  /** A server on the application's `BusModule` connection: one connection per process. */
  static fromApp(app: INestApplicationContext, options: Omit<JetStreamServerOptions, 'connection' | 'bus'> = {}): JetStreamServer {
    return new JetStreamServer({ ...options, connection: app.get(BusConnection) });
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    this.start().then(
      () => callback(),
      async (err: unknown) => {
        await this.close().catch(() => undefined);
        callback(err);
      },
    );
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  on<K extends keyof JetStreamServerEvents>(event: K, callback: JetStreamServerEvents[K]): void {
    this.listeners.push({ event, callback });
  }

  unwrap<T = NatsConnection>(): T {
    if (!this.connection) throw new Error('JetStreamServer is not listening yet');
    return this.connection.nc as T;
  }

  private async start(): Promise<void> {
    const connection = await this.connect();
    const defaults = { ...EVENT_HANDLER_DEFAULTS, ...this.options.eventDefaults };
    for (const [pattern, handler] of this.getHandlers()) {
      if (handler.isEventHandler) {
        const contract = EVENT_CONTRACTS[pattern];
        if (!contract) throw new Error(`@EventPattern("${pattern}") has no event contract; use a subject from EVENTS`);
        const resolve = (h: MessageHandler) => {
          const group = (h.extras as EventHandlerOptions | undefined)?.group;
          return resolveEventHandlerOptions(pattern, h.extras, defaults, connection.naming.durable(group ? `${connection.service}-${group}` : connection.service, pattern));
        };
        for (const binding of bindingsByDurable(handler, resolve)) this.consumers.push(new EventConsumer(connection, { contract, ...binding, onError: this.options.onHandlerError }));
      } else {
        const contract = RPC_CONTRACTS[pattern];
        if (!contract) throw new Error(`@MessagePattern("${pattern}") has no RPC contract; use a subject from RPC`);
        this.responders.push(new RpcResponder(connection, { contract, handler, onError: this.options.onHandlerError }));
      }
    }
    await Promise.all(this.consumers.map((c) => c.ensure()));
    this.consumers.forEach((c) => c.start());
    this.responders.forEach((r) => r.start());
    await connection.nc.flush();
    this._status$.next('connected');
    this.logger.log({
      msg: 'bus transport listening',
      service: connection.service,
      events: this.consumers.map((c) => c.durable),
      rpc: this.responders.length,
    });
  }

  private async connect(): Promise<BusConnection> {
    if (this.options.connection) {
      this.connection = this.options.connection;
    } else {
      const bus = this.options.bus!;
      this.connection = await BusConnection.connect(bus);
      this.ownsConnection = true;
      if (bus.provisionStreams !== false) await this.connection.provisionStreams();
    }
    this.unsubscribeStatus = this.connection.onStatus((status) => this.onStatus(status));
    return this.connection;
  }

  private onStatus(status: Status): void {
    if (status.type === 'disconnect') this._status$.next('disconnected');
    if (status.type === 'reconnecting') this._status$.next('reconnecting');
    if (status.type === 'reconnect') this._status$.next('connected');
    for (const { event, callback } of this.listeners) {
      if (event === status.type) callback(status);
    }
  }

  /** Stop pulling and answering, wait for handlers in flight (bounded), then drain what we own. */
  private async shutdown(): Promise<void> {
    const timeoutMs = this.options.closeTimeoutMs ?? 10_000;
    const settled = await Promise.all([...this.consumers.map((c) => c.stop(timeoutMs)), ...this.responders.map((r) => r.stop(timeoutMs))]);
    if (settled.includes(false)) {
      this.logger.warn({ msg: 'closing with handlers still running; their messages will be redelivered', timeoutMs });
    }
    this.unsubscribeStatus?.();
    const connection = this.connection;
    if (connection && !connection.nc.isClosed()) {
      try {
        if (this.ownsConnection) await connection.close();
        else await connection.nc.flush();
      } catch (err) {
        this.logger.warn({ msg: 'bus transport close: flush failed', reason: errorMessage(err) });
      }
    }
    this._status$.next('closed');
  }
}

/**
 * Nest chains every further `@EventPattern` of a subject behind the first (`next`) and runs them all
 * on each message. Handlers that resolve to another durable consumer are taken out of that chain and
 * get a consumer of their own; those sharing one stay chained, as Nest would run them.
 */
function bindingsByDurable(head: MessageHandler, resolve: (h: MessageHandler) => ResolvedEventHandlerOptions): Array<{ handler: MessageHandler; options: ResolvedEventHandlerOptions }> {
  const groups = new Map<string, { options: ResolvedEventHandlerOptions; links: MessageHandler[] }>();
  for (let link: MessageHandler | undefined = head; link; link = link.next as MessageHandler | undefined) {
    const options = resolve(link);
    const group = groups.get(options.durable);
    if (group) group.links.push(link);
    else groups.set(options.durable, { options, links: [link] });
  }
  if (groups.size === 1) return [{ handler: head, options: [...groups.values()][0].options }];
  for (const { links } of groups.values()) links.forEach((link, i) => (link.next = links[i + 1]));
  return [...groups.values()].map(({ options, links }) => ({ handler: links[0], options }));
}
