import { hostname } from 'node:os';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { uuidv7 } from '@ironcage/bus';
import { PLATFORM_ORG_ID, type ProviderCircuitChanged, providerCircuitChangedEvent } from '@ironcage/contracts';
import type { MetricsRegistry } from '@ironcage/kit';
import { Counter } from 'prom-client';
import type { RoutedDeployment } from '../catalogue/model-catalogue';
import { PublishAfterTick, publishWithRetries, type UsageEventSink } from '../usage-events/usage-event.sink';
import type { BreakerChange, BreakerState } from './circuit-breaker';

/** This process among the gateway's replicas: host and pid. */
export const gatewayReplicaId = (): string => `${hostname()}:${process.pid}`.slice(0, 128);

/**
 * Publishes `provider.circuit-changed` for every breaker transition of this replica, under
 * PLATFORM_ORG_ID (breakers are platform-wide, not any org's). The transition happens inside a
 * request; the event is built there (cheap) and published after the current tick (setImmediate),
 * with retries, and never throws into the request: a publish that keeps failing is counted and
 * logged. The id is fixed before the first attempt, so a retried publish is stored once.
 */
export class CircuitEvents implements OnApplicationShutdown {
  private readonly logger = new Logger('CircuitEvents');
  private readonly deferred = new PublishAfterTick<{ id: string; data: ProviderCircuitChanged }>(({ id, data }) => [this.publish(id, data)]);
  private readonly failures?: Counter;

  constructor(
    private readonly sink: UsageEventSink,
    /** Public names per deployment id: the model it serves and its aliases. */
    private readonly publicModels: (deploymentId: string) => readonly string[],
    private readonly replicaId: string = gatewayReplicaId(),
    metrics?: MetricsRegistry,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (metrics) {
      this.failures = new Counter({ name: 'gateway_circuit_events_failed_total', help: 'provider.circuit-changed events that could not be published after retries', registers: [metrics.registry] });
    }
  }

  changed(d: RoutedDeployment, from: BreakerState, to: BreakerState, reason: string, change: BreakerChange): void {
    try {
      const data: ProviderCircuitChanged = {
        deploymentId: d.id,
        provider: d.provider,
        publicModels: [...this.publicModels(d.id)].slice(0, 100),
        from,
        to,
        reason: reason.slice(0, 256),
        consecutiveFailures: change.failures,
        failureThreshold: change.failureThreshold,
        ...(change.openForMs !== undefined ? { openForMs: Math.round(change.openForMs) } : {}),
        replicaId: this.replicaId,
        changedAt: this.now().toISOString(),
      };
      this.deferred.push({ id: uuidv7(), data });
    } catch (err) {
      this.logger.error({ msg: 'could not queue provider.circuit-changed', deployment: d.id, err });
    }
  }

  /** Waits for publications in flight (tests; shutdown). */
  drain(): Promise<void> {
    return this.deferred.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  private publish(id: string, data: ProviderCircuitChanged): Promise<void> {
    return publishWithRetries(
      () => this.sink.publish(providerCircuitChangedEvent, data, { orgId: PLATFORM_ORG_ID, id }),
      (err) => {
        this.failures?.inc();
        this.logger.error({ msg: 'could not publish provider.circuit-changed', deployment: data.deploymentId, from: data.from, to: data.to, err });
      },
    );
  }
}
