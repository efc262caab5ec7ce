import { Logger } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { BusConnection } from '@ironcage/bus';
import { ENVELOPE_SPEC_VERSION, type Envelope, type EventContract } from '@ironcage/contracts';

export interface SinkOptions {
  orgId: string;
  /** Event id, also the JetStream `Nats-Msg-Id`. */
  id: string;
  traceparent?: string;
}

/** Where UsageEvents puts its events (tests pass a recorder). */
export interface UsageEventSink {
  publish(contract: EventContract, data: unknown, options: SinkOptions): Promise<unknown>;
}

/** The caller's W3C traceparent, read while still inside the request's context. */
export function currentTraceparent(): string | undefined {
  const sc = trace.getActiveSpan()?.spanContext();
  if (!sc || sc.traceId === '00000000000000000000000000000000') return undefined;
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

const encoder = new TextEncoder();

/**
 * The gateway's two events per request, in the platform envelope, stored by JetStream (the
 * publish waits for the stream's acknowledgement; `Nats-Msg-Id` de-duplicates a retry). The
 * same envelope EventPublisher writes, built without its per-event work that the hot path cannot
 * afford at thousands of requests a second: a zod pass over data the gateway built itself from
 * validated input, a second one over the envelope, and a producer span per event (the trace
 * context still rides in the envelope's `traceparent`). Measured: publishing through
 * EventPublisher took half the gateway's CPU at full load. Outside production the data is still
 * checked against its contract, and a violation is logged as the bug it is.
 */
export class JetStreamUsageSink implements UsageEventSink {
  private readonly logger = new Logger('UsageEvents');

  constructor(
    private readonly bus: BusConnection,
    private readonly validate: boolean,
  ) {}

  publish(contract: EventContract, data: unknown, options: SinkOptions): Promise<unknown> {
    if (this.validate) {
      const checked = contract.schema.safeParse(data);
      if (!checked.success) this.logger.error({ msg: `${contract.subject} breaks its contract`, issues: checked.error.issues });
    }
    const envelope: Envelope = {
      id: options.id,
      type: contract.subject,
      specversion: ENVELOPE_SPEC_VERSION,
      dataversion: contract.version,
      source: this.bus.service,
      time: new Date().toISOString(),
      orgId: options.orgId,
      ...(options.traceparent ? { traceparent: options.traceparent } : {}),
      data,
    };
    return this.bus.js.publish(this.bus.naming.subject(contract.subject), encoder.encode(JSON.stringify(envelope)), { msgID: options.id });
  }
}

/** Waits between publish attempts: 0.1 s, 1 s, 5 s, then gives up. */
export const PUBLISH_RETRY_DELAYS_MS: readonly number[] = [100, 1_000, 5_000];

/**
 * One publish, retried after each of `delaysMs` (the caller fixes the event id before the first
 * attempt, so a retry is stored once); after the last failure `giveUp` is told. Never rejects:
 * events published off the request path must not fail a request that has already been answered.
 */
export async function publishWithRetries(attempt: () => Promise<unknown>, giveUp: (err: unknown) => void, delaysMs: readonly number[] = PUBLISH_RETRY_DELAYS_MS): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await attempt();
      return;
    } catch (err) {
      if (i >= delaysMs.length) {
        giveUp(err);
        return;
      }
      await new Promise((r) => setTimeout(r, delaysMs[i]));
    }
  }
}

/**
 * Work queued during a request and published after the current tick (setImmediate), in batches,
 * never on the response's critical path; `drain` waits for what is queued and in flight (tests,
 * shutdown). `publish` turns one queued item into the publications it makes.
 */
export class PublishAfterTick<T> {
  private readonly queue: T[] = [];
  private scheduled = false;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly publish: (item: T) => Promise<unknown>[]) {}

  push(item: T): void {
    this.queue.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  async drain(): Promise<void> {
    while (this.queue.length || this.pending.size) {
      if (this.queue.length) this.flush();
      await Promise.allSettled([...this.pending]);
    }
  }

  private flush(): void {
    this.scheduled = false;
    for (const item of this.queue.splice(0, this.queue.length)) {
      for (const p of this.publish(item)) {
        this.pending.add(p);
        void p.finally(() => this.pending.delete(p));
      }
    }
  }
}
