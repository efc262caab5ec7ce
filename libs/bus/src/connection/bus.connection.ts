import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ALL_STREAMS, type StreamDefinition } from '@ironcage/contracts';
import { jetstream, type JetStreamClient, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Status } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { assertBusOptions, type BusOptions } from '../bus.options';
import { errorMessage } from '../errors/issues';
import { type BusNaming, createNaming } from '../naming';
import { hasJsCode, JS_CODES } from './jetstream-errors';
import { toStreamConfig } from './stream-config';

export type BusStatusListener = (status: Status) => void;

/**
 * The process's one NATS connection, with JetStream on top. Reconnects forever (with jitter);
 * status changes are logged. Every service gets it from `BusModule`.
 */
export class BusConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('BusConnection');
  private readonly listeners = new Set<BusStatusListener>();
  private connected = true;
  /** Streams this process declared; declared again after a reconnect, in case the server lost them. */
  private readonly provisioned = new Map<string, StreamDefinition>();
  private closing?: Promise<void>;
  readonly js: JetStreamClient;

  private constructor(
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
    readonly options: Readonly<BusOptions>,
    readonly naming: BusNaming,
  ) {
    this.js = jetstream(nc);
    void this.watchStatus();
  }

  static async connect(options: BusOptions): Promise<BusConnection> {
    assertBusOptions(options);
    const naming = createNaming(options.namespace);
    const nc = await connect({
      servers: options.servers,
      name: options.service,
      token: options.token,
      user: options.user,
      pass: options.pass,
      timeout: options.connectTimeoutMs ?? 5000,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      reconnectJitter: 500,
      reconnectJitterTLS: 1000,
      // an Error per request (for async stack traces) costs ~8 % CPU on the hot path; failures are mapped to typed errors anyway
      noAsyncTraces: true,
    });
    try {
      const jsm = await jetstreamManager(nc);
      const conn = new BusConnection(nc, jsm, { ...options }, naming);
      conn.logger.log({ msg: 'connected to NATS', server: nc.getServer(), service: options.service, namespace: options.namespace });
      return conn;
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  get service(): string {
    return this.options.service;
  }

  /** Ready to carry traffic: connected (not reconnecting), not draining, not closed. */
  isHealthy(): boolean {
    return this.connected && !this.nc.isClosed() && !this.nc.isDraining();
  }

  /** Listens to connection status changes (disconnect, reconnect, errors…); returns an unsubscribe. */
  onStatus(listener: BusStatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Creates or updates every contract stream (namespaced). Idempotent and safe when replicas start
   * together: creating a stream that exists with the same configuration succeeds, and a different
   * configuration is updated in place.
   */
  async provisionStreams(streams: readonly StreamDefinition[] = ALL_STREAMS): Promise<void> {
    for (const def of streams) this.provisioned.set(def.name, def);
    await Promise.all(streams.map((def) => this.ensureStream(def)));
  }

  async ensureStream(def: StreamDefinition): Promise<void> {
    const config = toStreamConfig(def, this.naming);
    try {
      await this.jsm.streams.add(config);
    } catch (err) {
      if (!hasJsCode(err, JS_CODES.streamNameInUse)) throw new Error(`cannot create stream ${config.name}: ${errorMessage(err)}`, { cause: err });
      try {
        await this.jsm.streams.update(config.name, config);
        this.logger.log({ msg: 'updated stream configuration', stream: config.name });
      } catch (updateErr) {
        throw new Error(`cannot update stream ${config.name}: ${errorMessage(updateErr)}`, { cause: updateErr });
      }
    }
  }

  /** Drains and closes the connection (pending publishes and acks are flushed). Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.nc.isClosed()) return;
      try {
        await this.nc.drain();
      } catch (err) {
        this.logger.warn({ msg: 'drain failed; closing', reason: errorMessage(err) });
        await this.nc.close();
      }
      this.logger.log({ msg: 'NATS connection closed', service: this.service });
    })();
    return this.closing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      this.logStatus(status);
      for (const listener of this.listeners) {
        try {
          listener(status);
        } catch (err) {
          this.logger.warn({ msg: 'bus status listener failed', reason: errorMessage(err) });
        }
      }
    }
  }

  private async reprovision(): Promise<void> {
    if (this.provisioned.size === 0) return;
    try {
      await Promise.all([...this.provisioned.values()].map((def) => this.ensureStream(def)));
    } catch (err) {
      this.logger.error({ msg: 'cannot re-provision streams after reconnect', reason: errorMessage(err) });
    }
  }

  private logStatus(status: Status): void {
    switch (status.type) {
      case 'disconnect':
        this.connected = false;
        this.logger.warn({ msg: 'disconnected from NATS', server: status.server });
        break;
      case 'reconnect':
        this.connected = true;
        this.logger.log({ msg: 'reconnected to NATS', server: status.server });
        void this.reprovision();
        break;
      case 'reconnecting':
        this.logger.debug({ msg: 'reconnecting to NATS' });
        break;
      case 'ldm':
        this.logger.warn({ msg: 'NATS server entering lame duck mode', server: status.server });
        break;
      case 'error':
        this.logger.error({ msg: 'NATS connection error', reason: status.error.message });
        break;
      case 'slowConsumer':
        this.logger.warn({ msg: 'slow NATS consumer', subject: status.sub.getSubject(), pending: status.pending });
        break;
      case 'staleConnection':
        this.logger.warn({ msg: 'stale NATS connection' });
        break;
      case 'close':
        this.connected = false;
        break;
      default:
        break;
    }
  }
}
