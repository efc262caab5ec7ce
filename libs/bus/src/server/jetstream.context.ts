import { BaseRpcContext } from '@nestjs/microservices';
import type { Envelope } from '@ironcage/contracts';
import type { JsMsg } from '@nats-io/jetstream';
import { Match, type MsgHdrs } from '@nats-io/nats-core';

export interface JetStreamDelivery {
  envelope: Envelope;
  /** Logical subject, as in contracts (`request.received`). */
  subject: string;
  /** Durable consumer name. */
  consumer: string;
  message: JsMsg;
}

/** What an `@EventPattern` handler receives through `@Ctx()`. */
export class JetStreamContext extends BaseRpcContext<[JetStreamDelivery]> {
  constructor(delivery: JetStreamDelivery) {
    super([delivery]);
  }

  private get delivery(): JetStreamDelivery {
    return this.args[0];
  }

  /** The full envelope (id, orgId, source, time, traceparent, validated data). */
  getEnvelope<T = unknown>(): Envelope<T> {
    return this.delivery.envelope as Envelope<T>;
  }

  getSubject(): string {
    return this.delivery.subject;
  }

  getConsumer(): string {
    return this.delivery.consumer;
  }

  /** 1 on first delivery; higher when the event is retried. */
  getDeliveryCount(): number {
    return this.delivery.message.info.deliveryCount;
  }

  getStreamSequence(): number {
    return this.delivery.message.info.streamSequence;
  }

  getHeaders(): MsgHdrs | undefined {
    return this.delivery.message.headers;
  }

  getHeader(name: string): string | undefined {
    const headers = this.delivery.message.headers;
    return headers?.has(name, Match.IgnoreCase) ? headers.get(name, Match.IgnoreCase) : undefined;
  }

  /** The raw JetStream message, for the rare handler that needs it; the transport acks it, never the handler. */
  getMessage(): JsMsg {
    return this.delivery.message;
  }
}
