import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { uuidv7 } from '@ironcage/bus';
import { costIncurredEvent, type CostIncurred, type Principal as EventPrincipal, type RequestReceived, requestReceivedEvent } from '@ironcage/contracts';
import { MetricsRegistry } from '@ironcage/kit';
import { Counter } from 'prom-client';
import type { Principal } from '../auth';
import { costMicros, type RequestRecord, ZERO_USAGE } from './request-record';
import { currentTraceparent, PublishAfterTick, publishWithRetries, type UsageEventSink } from './usage-event.sink';

const eventPrincipals = new WeakMap<Principal, EventPrincipal>();

/** The ids of a principal as events carry them; computed once per (cached, shared) principal. */
export function eventPrincipal(p: Principal): EventPrincipal {
  let out = eventPrincipals.get(p);
  if (!out) {
    out = { keyId: p.keyId, ...(p.userId ? { userId: p.userId } : {}), ...(p.teamId ? { teamId: p.teamId } : {}), ...(p.projectId ? { projectId: p.projectId } : {}) };
    eventPrincipals.set(p, out);
  }
  return out;
}

function metered(record: RequestRecord, principal: EventPrincipal): CostIncurred {
  const usage = record.finalUsage();
  return {
    requestId: record.requestId,
    principal,
    model: record.model,
    provider: record.provider,
    ...(record.deployment ? { deployment: record.deployment } : {}),
    usage,
    costMicros: costMicros(usage, record.pricing),
    currency: 'USD',
    estimated: record.estimated,
    priced: record.pricing !== undefined,
  };
}

/** Refused before a model was authorised (bad key, body or model): nothing was consumed. */
const refused = (record: RequestRecord, principal: EventPrincipal): CostIncurred => ({
  requestId: record.requestId,
  principal,
  usage: ZERO_USAGE,
  costMicros: 0,
  currency: 'USD',
  estimated: false,
  priced: false,
});

/** How one request ended, queued until after the response is on its way. */
interface Finished {
  record: RequestRecord;
  status: number;
  errorCode?: string;
  latencyMs: number;
  traceparent?: string;
}

/**
 * Publishes `request.received` and `cost.incurred` for finished requests, exactly once each —
 * refusals included (a request refused before a model was authorised costs 0 and names no model):
 * `finish` is idempotent per record, ids are fixed before the first attempt so a retried publish
 * is stored once (JetStream de-duplicates on the id), and publishing happens after the response
 * is on its way (setImmediate), never on the response's critical path.
 */
export class UsageEvents implements OnApplicationShutdown {
  private readonly logger = new Logger('UsageEvents');
  private readonly deferred = new PublishAfterTick<Finished>((f) => this.publishFinished(f));
  private readonly failures?: Counter<'event'>;

  constructor(
    private readonly sink: UsageEventSink,
    metrics?: MetricsRegistry,
  ) {
    if (metrics) {
      this.failures = new Counter({ name: 'gateway_usage_events_failed_total', help: 'request.received / cost.incurred events that could not be published after retries', labelNames: ['event'], registers: [metrics.registry] });
    }
  }

  /** Records how the request ended. Only the first call per record counts. */
  finish(record: RequestRecord, status: number, errorCode?: string): void {
    if (record.finished) return;
    record.finished = true;
    this.deferred.push({ record, status, errorCode, latencyMs: (record.ended ?? performance.now()) - record.started, traceparent: currentTraceparent() });
  }

  /** Waits for publications in flight (tests; shutdown). */
  drain(): Promise<void> {
    return this.deferred.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  private publishFinished({ record, status, errorCode, latencyMs, traceparent }: Finished): Promise<void>[] {
    const principal = eventPrincipal(record.principal);
    const received: RequestReceived = {
      requestId: record.requestId,
      principal,
      endpoint: record.endpoint,
      method: record.method,
      status,
      latencyMs: Math.round(latencyMs * 1000) / 1000,
      ...(record.model ? { model: record.model } : {}),
      ...(record.provider ? { provider: record.provider } : {}),
      ...(record.costApplies ? { stream: record.stream } : {}),
      ...(record.costApplies ? { usage: record.finalUsage() } : {}),
      ...(errorCode ? { errorCode } : {}),
    };
    const cost: CostIncurred = record.costApplies && record.model && record.provider ? metered(record, principal) : refused(record, principal);
    const id = uuidv7();
    return [
      this.publish('request.received', () => this.sink.publish(requestReceivedEvent, received, { orgId: record.principal.orgId, id: record.requestId, traceparent })),
      this.publish('cost.incurred', () => this.sink.publish(costIncurredEvent, cost, { orgId: record.principal.orgId, id, traceparent })),
    ];
  }

  private publish(event: string, attempt: () => Promise<unknown>): Promise<void> {
    return publishWithRetries(attempt, (err) => {
      this.failures?.inc({ event });
      this.logger.error({ msg: `could not publish ${event}`, err });
    });
  }
}
