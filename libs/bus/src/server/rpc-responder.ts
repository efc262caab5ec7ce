import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { MessageHandler } from '@nestjs/microservices';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { type RpcContract, RpcErrorCode } from '@ironcage/contracts';
import type { Msg, Subscription } from '@nats-io/nats-core';
import type { BusConnection } from '../connection/bus.connection';
import { errorMessage, formatIssues } from '../errors/issues';
import { RpcError } from '../errors/rpc.error';
import { encodeErrorReply, encodeJson } from '../rpc/rpc-reply';
import { extractTraceContext, MESSAGING_ATTRIBUTES, tracer } from '../tracing/trace-context';
import { invokeHandler } from './invoke-handler';
import type { HandlerErrorListener } from './jetstream.server';
import { NatsRpcContext } from './nats-rpc.context';

export interface RpcBinding {
  contract: RpcContract;
  handler: MessageHandler;
  onError?: HandlerErrorListener;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Answers one `@MessagePattern` subject over core NATS. Replicas subscribe in a queue group named
 * after the service, so each request reaches one of them.
 */
export class RpcResponder {
  private readonly logger = new Logger('JetStreamServer');
  private readonly subject: string;
  private readonly inFlight = new Set<Promise<void>>();
  private sub?: Subscription;

  constructor(
    private readonly conn: BusConnection,
    private readonly binding: RpcBinding,
  ) {
    this.subject = binding.contract.subject;
  }

  start(): void {
    this.sub ??= this.conn.nc.subscribe(this.conn.naming.subject(this.subject), {
      queue: this.conn.service,
      callback: (err, msg) => {
        if (err) {
          this.logger.error({ msg: 'rpc subscription failed', subject: this.subject, reason: err.message });
          return;
        }
        const work = this.handle(msg);
        this.inFlight.add(work);
        void work.finally(() => this.inFlight.delete(work));
      },
    });
  }

  /** Stops taking requests, then waits (up to `timeoutMs`) for the ones being answered. */
  async stop(timeoutMs: number): Promise<boolean> {
    if (this.sub && !this.sub.isClosed()) await this.sub.drain().catch(() => undefined);
    if (this.inFlight.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const done = Promise.allSettled([...this.inFlight]).then(() => true);
    const result = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return result;
  }

  private handle(msg: Msg): Promise<void> {
    if (!msg.reply) return Promise.resolve();
    const parent = extractTraceContext(msg.headers);
    const attributes = {
      [MESSAGING_ATTRIBUTES.system]: 'nats',
      [MESSAGING_ATTRIBUTES.destination]: msg.subject,
      [MESSAGING_ATTRIBUTES.operation]: 'process',
      [MESSAGING_ATTRIBUTES.consumerGroup]: this.conn.service,
    };
    return tracer().startActiveSpan(`process ${this.subject}`, { kind: SpanKind.SERVER, attributes }, parent, async (span) => {
      let request: unknown;
      try {
        request = this.decodeRequest(msg.data);
        const result = await invokeHandler(this.binding.handler, request, new NatsRpcContext(this.subject, msg));
        const response = this.binding.contract.response.safeParse(result);
        if (!response.success) {
          throw new Error(`${this.subject} handler returned a response that breaks its contract: ${formatIssues(response.error)}`);
        }
        msg.respond(encodeJson(response.data));
      } catch (err) {
        const error = this.toRpcError(err, request);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
        const { headers, body } = encodeErrorReply(error);
        try {
          msg.respond(body, { headers });
        } catch (respondErr) {
          this.logger.warn({ msg: 'cannot send rpc error reply', subject: this.subject, reason: errorMessage(respondErr) });
        }
      } finally {
        span.end();
      }
    });
  }

  private decodeRequest(bytes: Uint8Array): unknown {
    let raw: unknown;
    try {
      raw = bytes.length === 0 ? undefined : JSON.parse(decoder.decode(bytes));
    } catch {
      throw new RpcError(RpcErrorCode.InvalidRequest, `${this.subject} request is not valid UTF-8 JSON`);
    }
    const parsed = this.binding.contract.request.safeParse(raw);
    if (!parsed.success) throw new RpcError(RpcErrorCode.InvalidRequest, `${this.subject} request is invalid: ${formatIssues(parsed.error)}`);
    return parsed.data;
  }

  /** Domain failures keep their code; anything else is `internal`, its real message only in the log. */
  private toRpcError(err: unknown, request: unknown): RpcError {
    if (err instanceof RpcError) return err;
    const errorId = randomUUID();
    const entry = { msg: 'rpc handler failed', subject: this.subject, errorId, error: errorMessage(err) };
    if (err instanceof Error && err.stack) this.logger.error(entry, err.stack);
    else this.logger.error(entry);
    if (this.binding.onError) {
      const orgId = (request as { orgId?: unknown } | undefined)?.orgId;
      try {
        this.binding.onError(err, { kind: 'rpc', subject: this.subject, errorId, ...(typeof orgId === 'string' ? { orgId } : {}) });
      } catch (listenerErr) {
        this.logger.warn({ msg: 'handler error listener failed', subject: this.subject, reason: errorMessage(listenerErr) });
      }
    }
    return new RpcError(RpcErrorCode.Internal, `internal error (error id ${errorId})`, { errorId });
  }
}
