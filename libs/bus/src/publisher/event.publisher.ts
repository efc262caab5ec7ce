import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ENVELOPE_SPEC_VERSION, type Envelope, envelopeSchema, type EventContract } from '@ironcage/contracts';
import { headers as natsHeaders } from '@nats-io/nats-core';
import type { z } from 'zod';
import type { BusConnection } from '../connection/bus.connection';
import { EventValidationError } from '../errors/event-validation.error';
import { errorMessage, formatIssues } from '../errors/issues';
import { extractTraceContext, injectTraceContext, MESSAGING_ATTRIBUTES, tracer } from '../tracing/trace-context';
import { uuidv7 } from './uuid-v7';

/** What a publisher passes for an event's data: the schema's input (before defaults apply). */
export type EventInput<C> = C extends EventContract<infer S> ? z.input<S> : never;

export interface PublishOptions {
  orgId: string;
  /** Event id, also the JetStream `Nats-Msg-Id`: re-publishing the same id within the stream's duplicate window stores it once. Defaults to a UUIDv7. */
  id?: string;
  /** Trace to continue when there is no active span (e.g. work resumed from a queue). */
  traceparent?: string;
  time?: Date | string;
  /** How long to wait for the stream's acknowledgement (default: the connection's request timeout). */
  timeoutMs?: number;
}

export interface PublishResult {
  id: string;
  stream: string;
  seq: number;
  /** True when the stream already held an event with this id (nothing new was stored). */
  duplicate: boolean;
}

export class EventPublishError extends Error {
  override readonly name = 'EventPublishError';
  constructor(
    readonly subject: string,
    readonly id: string,
    cause: unknown,
  ) {
    super(`cannot publish ${subject} event ${id}: ${errorMessage(cause)}`, { cause });
  }
}

const encoder = new TextEncoder();

/** Publishes contract events in the platform envelope and waits until JetStream has stored them. */
export class EventPublisher {
  constructor(private readonly connection: BusConnection) {}

  async publish<C extends EventContract>(contract: C, data: EventInput<C>, options: PublishOptions): Promise<PublishResult> {
    const parsed = contract.schema.safeParse(data);
    if (!parsed.success) throw new EventValidationError(contract.subject, formatIssues(parsed.error));
    const id = options.id ?? uuidv7();
    const subject = this.connection.naming.subject(contract.subject);
    const parent = options.traceparent ? extractTraceContext(undefined, options.traceparent) : context.active();

    return tracer().startActiveSpan(
      `send ${contract.subject}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          [MESSAGING_ATTRIBUTES.system]: 'nats',
          [MESSAGING_ATTRIBUTES.destination]: subject,
          [MESSAGING_ATTRIBUTES.messageId]: id,
          [MESSAGING_ATTRIBUTES.operation]: 'send',
        },
      },
      parent,
      async (span) => {
        try {
          const headers = natsHeaders();
          const traceparent = injectTraceContext(context.active(), headers) ?? options.traceparent;
          const envelope: Envelope = {
            id,
            type: contract.subject,
            specversion: ENVELOPE_SPEC_VERSION,
            dataversion: contract.version,
            source: this.connection.service,
            time: options.time === undefined ? new Date().toISOString() : new Date(options.time).toISOString(),
            orgId: options.orgId,
            ...(traceparent ? { traceparent } : {}),
            data: parsed.data,
          };
          const checked = envelopeSchema.safeParse(envelope);
          if (!checked.success) throw new EventValidationError(contract.subject, formatIssues(checked.error, 'envelope'));

          let ack;
          try {
            // msgID becomes the Nats-Msg-Id header: the stream drops a repeat within its duplicate window
            ack = await this.connection.js.publish(subject, encoder.encode(JSON.stringify(envelope)), {
              msgID: id,
              headers,
              ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
            });
          } catch (err) {
            throw new EventPublishError(contract.subject, id, err);
          }
          return { id, stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
        } catch (err) {
          span.recordException(err as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }

  /** Publishes several events concurrently (JetStream pipelines them); results are in input order. */
  publishMany<C extends EventContract>(events: ReadonlyArray<{ contract: C; data: EventInput<C>; options: PublishOptions }>): Promise<PublishResult[]> {
    return Promise.all(events.map((e) => this.publish(e.contract, e.data, e.options)));
  }
}
