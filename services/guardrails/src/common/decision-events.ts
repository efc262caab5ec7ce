import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EventPublisher, type EventInput } from '@ironcage/bus';
import { type EventContract, policyViolatedEvent } from '@ironcage/contracts';
import { MetricsRegistry } from '@ironcage/kit';
import { Counter } from 'prom-client';

export type ViolationData = EventInput<typeof policyViolatedEvent>;

/** An event id from its parts (request id, direction, …): as is when it fits the envelope's 128 characters, else its SHA-256. */
export function eventId(...parts: (string | number)[]): string {
  const id = parts.join(':');
  return id.length <= 128 ? id : createHash('sha256').update(id).digest('hex');
}

/**
 * Publishes guardrail decisions (policy.violated, approval events) off the hot path: a violation is
 * built and sent after the scan has answered, without waiting for JetStream's acknowledgement; a
 * failed publish is logged and counted. Event ids are derived from the request, so a retried scan
 * is stored once. Pending events are flushed on shutdown.
 */
@Injectable()
export class DecisionEvents implements OnApplicationShutdown {
  private readonly logger = new Logger(DecisionEvents.name);
  private readonly violations: Counter<'direction' | 'scanner' | 'action'>;
  private readonly failures: Counter<'subject'>;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly publisher: EventPublisher,
    metrics: MetricsRegistry,
  ) {
    const registers = [metrics.registry];
    this.violations = new Counter({
      name: 'guardrails_violations_total',
      help: 'Blocks, redactions and approvals published as policy.violated',
      labelNames: ['direction', 'scanner', 'action'],
      registers,
    });
    this.failures = new Counter({ name: 'guardrails_event_publish_failures_total', help: 'Decision events that could not be published', labelNames: ['subject'], registers });
  }

  violation(data: ViolationData, orgId: string, id?: string): void {
    this.violations.inc({ direction: data.direction, scanner: data.scanner, action: data.action });
    this.fire(policyViolatedEvent, data, orgId, id);
  }

  /** Publishes and waits (for events that must be stored before the caller goes on, e.g. from an activity). */
  async publish<C extends EventContract>(contract: C, data: EventInput<C>, orgId: string, id?: string): Promise<void> {
    await this.publisher.publish(contract, data, { orgId, ...(id ? { id } : {}) });
  }

  /** Waits for events still being published (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private fire<C extends EventContract>(contract: C, data: EventInput<C>, orgId: string, id?: string): void {
    // after the current turn: the RPC reply goes out before the event is built and sent
    const p = new Promise<void>((resolve) => {
      setImmediate(() => {
        this.publisher
          .publish(contract, data, { orgId, ...(id ? { id } : {}) })
          .catch((e: unknown) => {
            this.failures.inc({ subject: contract.subject });
            this.logger.error({ subject: contract.subject, orgId, err: e }, 'cannot publish a guardrail decision');
          })
          .finally(resolve);
      });
    });
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}
