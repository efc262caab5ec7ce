import { Controller } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { JetStreamContext } from '@ironcage/bus';
import { type CostIncurred, EVENTS, type PolicyViolated, type RequestReceived } from '@ironcage/contracts';
import { LRUCache } from 'lru-cache';
import { PlatformMetrics } from './platform-metrics';

/**
 * Counts every request, cost and guardrail event into PlatformMetrics, on durable consumers of its
 * own (group `metrics`), so the audit trail's and the alerts' consumers are not slowed. A
 * redelivered event (same id) is counted once per replica; counters are process-local and restart
 * at zero, as Prometheus counters do.
 */
@Controller()
export class PlatformMetricsConsumer {
  private readonly seen = new LRUCache<string, true>({ max: 100_000 });

  constructor(private readonly metrics: PlatformMetrics) {}

  @EventPattern([EVENTS.requestReceived, EVENTS.costIncurred, EVENTS.policyViolated], { group: 'metrics', concurrency: 64 })
  onEvent(@Ctx() ctx: JetStreamContext): void {
    const envelope = ctx.getEnvelope();
    if (this.seen.has(envelope.id)) return;
    this.seen.set(envelope.id, true);
    switch (ctx.getSubject()) {
      case EVENTS.requestReceived:
        this.metrics.onRequest(envelope.orgId, envelope.data as RequestReceived);
        break;
      case EVENTS.costIncurred:
        this.metrics.onCost(envelope.orgId, envelope.data as CostIncurred);
        break;
      case EVENTS.policyViolated:
        this.metrics.onPolicyViolated(envelope.orgId, envelope.data as PolicyViolated);
        break;
      default:
        break;
    }
  }
}
