import { Logger } from '@nestjs/common';
import type { MessageHandler } from '@nestjs/microservices';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ALL_STREAMS, type Envelope, type EventContract, HEADERS } from '@ironcage/contracts';
import { AckPolicy, type ConsumerConfig, type ConsumerMessages, DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, nanos } from '@nats-io/nats-core';
import type { BusConnection } from '../connection/bus.connection';
import { hasJsCode, JS_CODES } from '../connection/jetstream-errors';
import { errorMessage } from '../errors/issues';
import { PermanentEventError } from '../errors/permanent-event.error';
import { decodeEvent } from '../events/event-decoder';
import { MESSAGING_ATTRIBUTES, extractTraceContext, tracer } from '../tracing/trace-context';
import { backoffDelay, type BackoffPolicy } from './backoff';
import type { ResolvedEventHandlerOptions } from './event-handler.options';
import { invokeHandler } from './invoke-handler';
import { JetStreamContext } from './jetstream.context';
import type { HandlerErrorListener } from './jetstream.server';
import { Limiter } from './limiter';

export interface EventBinding {
  contract: EventContract;
  handler: MessageHandler;
  options: ResolvedEventHandlerOptions;
  onError?: HandlerErrorListener;
}

/** Delay between attempts to re-establish a consume loop that failed. */
const RECOVERY: BackoffPolicy = { baseMs: 250, maxMs: 15_000 };

/** A header value must be one line; keep it short enough for any server limit. */
const headerValue = (s: string, max = 1024): string => s.replace(/[\r\n]+/g, ' ').slice(0, max);

/**
 * One durable pull consumer feeding one `@EventPattern` handler: provisions the consumer, consumes
 * in a loop that re-establishes itself, bounds concurrency, and settles every message exactly one
 * way (ack, nak with backoff, or dead-letter then term).
 */
export class EventConsumer {
  private readonly logger = new Logger('JetStreamServer');
  private readonly limiter: Limiter;
  private readonly subject: string;
  private readonly stream: string;
  private readonly filterSubject: string;
  private readonly deadLetterSubject: string;
  private readonly backoff: BackoffPolicy;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopping = false;
  private wake?: () => void;

  constructor(
    private readonly conn: BusConnection,
    private readonly binding: EventBinding,
  ) {
    const { naming } = conn;
    this.subject = binding.contract.subject;
    this.stream = naming.stream(binding.contract.stream);
    this.filterSubject = naming.subject(this.subject);
    this.deadLetterSubject = naming.deadLetterSubject(this.subject);
    this.limiter = new Limiter(binding.options.concurrency);
    this.backoff = { baseMs: binding.options.backoffMs, maxMs: binding.options.backoffMaxMs };
  }

  get durable(): string {
    return this.binding.options.durable;
  }

  get inFlight(): number {
    return this.limiter.inFlight;
  }

  /** Creates the durable consumer, or updates it when its settings changed. Idempotent. */
  async ensure(): Promise<void> {
    const { options } = this.binding;
    const updatable = {
      description: `${this.conn.service} handles ${this.subject}`,
      filter_subject: this.filterSubject,
      ack_wait: nanos(options.ackWaitMs),
      // maxDeliver is enforced here, not by the server, so a message whose dead-lettering failed is redelivered.
      max_deliver: -1,
      max_ack_pending: Math.max(1000, options.concurrency * 4),
    };
    const config: Partial<ConsumerConfig> = {
      ...updatable,
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    };
    try {
      await this.conn.jsm.consumers.add(this.stream, config);
    } catch (err) {
      if (hasJsCode(err, JS_CODES.consumerExists)) {
        await this.conn.jsm.consumers.update(this.stream, options.durable, updatable);
        this.logger.log({ msg: 'updated consumer configuration', stream: this.stream, consumer: options.durable });
        return;
      }
      const def = ALL_STREAMS.find((s) => s.name === this.binding.contract.stream);
      if (!hasJsCode(err, JS_CODES.streamNotFound) || !def) {
        throw new Error(`cannot create consumer ${options.durable} on ${this.stream}: ${errorMessage(err)}`, { cause: err });
      }
      await this.conn.ensureStream(def);
      await this.conn.jsm.consumers.add(this.stream, config);
    }
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops pulling and waits (up to `timeoutMs`) for handlers in flight. False if some were still running. */
  async stop(timeoutMs: number): Promise<boolean> {
    this.stopping = true;
    this.wake?.();
    // not awaited: the iterator only reports closed once the loop has drained what it buffered
    void this.messages?.close().catch(() => undefined);
    const deadline = Date.now() + timeoutMs;
    const idle = await this.limiter.idle(timeoutMs);
    if (this.loop) {
      await Promise.race([this.loop, new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())).unref())]);
    }
    return idle;
  }

  private async run(): Promise<void> {
    let failures = 0;
    let first = true;
    while (!this.stopping && !this.conn.nc.isClosed()) {
      try {
        if (!first) await this.ensure();
        first = false;
        const consumer = await this.conn.js.consumers.get(this.stream, this.durable);
        const messages = await consumer.consume({ max_messages: this.binding.options.concurrency, abort_on_missing_resource: true });
        this.messages = messages;
        if (this.stopping) {
          void messages.close().catch(() => undefined);
          break;
        }
        void this.watch(messages);
        for await (const msg of messages) {
          failures = 0;
          await this.limiter.acquire();
          if (this.stopping) {
            // give it straight back so another replica takes it now, not after ack wait
            msg.nak();
            this.limiter.release();
            continue;
          }
          void this.handle(msg).finally(() => this.limiter.release());
        }
        const err = await messages.closed();
        if (this.stopping || this.conn.nc.isClosed()) break;
        throw err ?? new Error('consume loop ended');
      } catch (err) {
        if (this.stopping || this.conn.nc.isClosed()) break;
        failures++;
        const retryInMs = backoffDelay(failures, RECOVERY);
        this.logger.warn({
          msg: 'event consumer interrupted; re-establishing',
          subject: this.subject,
          consumer: this.durable,
          attempt: failures,
          retryInMs,
          reason: errorMessage(err),
        });
        await this.sleep(retryInMs);
      }
    }
  }

  private async watch(messages: ConsumerMessages): Promise<void> {
    try {
      await this.watchStatus(messages);
    } catch (err) {
      this.logger.debug({ msg: 'consumer status stream ended', subject: this.subject, reason: errorMessage(err) });
    }
  }

  private async watchStatus(messages: ConsumerMessages): Promise<void> {
    const where = { subject: this.subject, consumer: this.durable };
    for await (const s of messages.status()) {
      switch (s.type) {
        case 'consumer_deleted':
          this.logger.warn({ msg: 'consumer deleted on the server; recreating', ...where });
          void messages.close();
          break;
        case 'heartbeats_missed':
          this.logger.warn({ msg: 'consumer heartbeats missed', ...where, count: s.count });
          break;
        case 'consumer_not_found':
        case 'stream_not_found':
        case 'exceeded_limits':
        case 'no_responders':
          this.logger.warn({ msg: `consumer status: ${s.type}`, ...where });
          break;
        default:
          break;
      }
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    try {
      const decoded = decodeEvent(msg.data, this.binding.contract);
      if (!decoded.ok) return await this.deadLetter(msg, decoded.reason);
      const { deliveryCount } = msg.info;
      const { maxDeliver } = this.binding.options;
      if (deliveryCount > maxDeliver) {
        return await this.deadLetter(msg, `delivered ${deliveryCount} times (maxDeliver ${maxDeliver}) without being acknowledged`, decoded.envelope);
      }
      await this.process(msg, decoded.envelope);
    } catch (err) {
      this.logger.error({ msg: 'event settlement failed; will redeliver', subject: this.subject, seq: msg.seq, reason: errorMessage(err) });
      try {
        msg.nak(backoffDelay(msg.info.deliveryCount, this.backoff));
      } catch {
        // connection gone: the server redelivers after ack wait
      }
    }
  }

  private process(msg: JsMsg, envelope: Envelope): Promise<void> {
    const parent = extractTraceContext(msg.headers, envelope.traceparent);
    const attributes = {
      [MESSAGING_ATTRIBUTES.system]: 'nats',
      [MESSAGING_ATTRIBUTES.destination]: msg.subject,
      [MESSAGING_ATTRIBUTES.messageId]: envelope.id,
      [MESSAGING_ATTRIBUTES.operation]: 'process',
      [MESSAGING_ATTRIBUTES.consumerGroup]: this.durable,
      [MESSAGING_ATTRIBUTES.deliveryCount]: msg.info.deliveryCount,
      [MESSAGING_ATTRIBUTES.streamSequence]: msg.seq,
    };
    return tracer().startActiveSpan(`process ${this.subject}`, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
      const { ackWaitMs } = this.binding.options;
      // tell the server the handler is alive so a slow one is not redelivered to another replica meanwhile
      const inProgress = setInterval(() => msg.working(), Math.max(50, Math.floor(ackWaitMs / 2)));
      inProgress.unref();
      const ctx = new JetStreamContext({ envelope, subject: this.subject, consumer: this.durable, message: msg });
      try {
        await invokeHandler(this.binding.handler, envelope.data, ctx);
        clearInterval(inProgress);
        msg.ack();
      } catch (err) {
        clearInterval(inProgress);
        span.recordException(err instanceof Error ? err : new Error(errorMessage(err)));
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
        this.tell(err, envelope);
        await this.failed(msg, envelope, err);
      } finally {
        clearInterval(inProgress);
        span.end();
      }
    });
  }

  private tell(err: unknown, envelope: Envelope): void {
    if (!this.binding.onError || err instanceof PermanentEventError) return;
    try {
      this.binding.onError(err, { kind: 'event', subject: this.subject, orgId: envelope.orgId });
    } catch (listenerErr) {
      this.logger.warn({ msg: 'handler error listener failed', subject: this.subject, reason: errorMessage(listenerErr) });
    }
  }

  private async failed(msg: JsMsg, envelope: Envelope, err: unknown): Promise<void> {
    const reason = errorMessage(err);
    const { deliveryCount } = msg.info;
    const { maxDeliver } = this.binding.options;
    if (err instanceof PermanentEventError) return this.deadLetter(msg, `permanent failure: ${reason}`, envelope);
    if (deliveryCount >= maxDeliver) return this.deadLetter(msg, `handler failed on delivery ${deliveryCount} of ${maxDeliver}: ${reason}`, envelope);
    const retryInMs = backoffDelay(deliveryCount, this.backoff);
    this.logger.warn({
      msg: 'event handler failed; will retry',
      subject: this.subject,
      id: envelope.id,
      seq: msg.seq,
      deliveryCount,
      retryInMs,
      reason,
    });
    msg.nak(retryInMs);
  }

  /**
   * Parks the original bytes and headers on `dlq.<subject>` with the reason, and only once the
   * dead-letter stream has confirmed it, terminates the message. If parking fails the message is
   * nak'ed and comes back: a poison message is never dropped.
   */
  private async deadLetter(msg: JsMsg, reason: string, envelope?: Envelope): Promise<void> {
    const { info } = msg;
    const headers = natsHeaders();
    for (const [key, values] of msg.headers ?? []) {
      // JetStream control headers (Nats-Msg-Id, Nats-Expected-*) would change how the copy is stored
      if (/^nats-/i.test(key)) continue;
      for (const value of values) headers.append(key, value);
    }
    headers.set(HEADERS.deadLetterReason, headerValue(reason));
    headers.set(HEADERS.deadLetterSubject, this.subject);
    headers.set(HEADERS.deadLetterStream, info.stream);
    headers.set(HEADERS.deadLetterSequence, String(info.streamSequence));
    headers.set(HEADERS.deadLetterDeliveries, String(info.deliveryCount));
    headers.set(HEADERS.deadLetterConsumer, info.consumer);
    const where = {
      subject: this.subject,
      id: envelope?.id,
      stream: info.stream,
      seq: info.streamSequence,
      deliveryCount: info.deliveryCount,
      consumer: info.consumer,
      reason,
    };
    try {
      await this.conn.js.publish(this.deadLetterSubject, msg.data, {
        headers,
        // the same message dead-lettered twice by this consumer (term lost) is stored once
        msgID: `${info.consumer}:${info.stream}:${info.streamSequence}`,
      });
    } catch (err) {
      this.logger.error({ ...where, msg: 'cannot dead-letter event; will redeliver', error: errorMessage(err) });
      msg.nak(backoffDelay(info.deliveryCount, this.backoff));
      return;
    }
    msg.term(headerValue(reason, 256));
    this.logger.warn({ msg: 'dead-lettered event', ...where });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
