import { Logger, Module } from '@nestjs/common';
import { BusConnection } from '@ironcage/bus';
import { CONFIG, MetricsRegistry } from '@ironcage/kit';
import { Counter, Gauge } from 'prom-client';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ModelCatalogue } from '../catalogue/model-catalogue';
import { ProviderRegistry } from '../providers';
import { JetStreamUsageSink } from '../usage-events/usage-event.sink';
import type { BreakerState } from './circuit-breaker';
import { CircuitEvents } from './circuit-events';
import { Router, type RouterObserver } from './router';

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Public model names per deployment: the model it serves and that model's aliases. */
export function publicModelsByDeployment(catalogue: ModelCatalogue): (deploymentId: string) => readonly string[] {
  const names = new Map<string, string[]>();
  for (const m of catalogue.models) for (const d of m.deployments) names.set(d.id, [...(names.get(d.id) ?? []), m.name, ...m.aliases]);
  return (id) => names.get(id) ?? [];
}

/** Prometheus series, log lines and (with `events`) `provider.circuit-changed` for attempts and breaker transitions. */
export function routerObserver(metrics: MetricsRegistry, logger = new Logger('Router'), events?: Pick<CircuitEvents, 'changed'>): RouterObserver {
  const attempts = new Counter({
    name: 'gateway_upstream_attempts_total',
    help: 'Calls to upstream deployments by outcome (ok, failed, rejected, aborted, skipped by an open breaker)',
    labelNames: ['deployment', 'provider', 'outcome'],
    registers: [metrics.registry],
  });
  const breaker = new Gauge({
    name: 'gateway_circuit_breaker_state',
    help: 'Circuit breaker of each deployment: 0 closed, 1 half-open, 2 open',
    labelNames: ['deployment'],
    registers: [metrics.registry],
  });
  return {
    attempt: (d, outcome) => attempts.inc({ deployment: d.id, provider: d.provider, outcome }),
    breakerChanged: (d, from, to, reason, change) => {
      breaker.set({ deployment: d.id }, STATE_VALUE[to]);
      const line = { msg: `circuit breaker ${to}`, deployment: d.id, provider: d.provider, from, to, reason };
      if (to === 'open') logger.warn(line);
      else logger.log(line);
      events?.changed(d, from, to, reason, change);
    },
  };
}

@Module({
  imports: [CatalogueModule],
  providers: [
    {
      provide: CircuitEvents,
      inject: [BusConnection, CONFIG, ModelCatalogue, MetricsRegistry],
      useFactory: (bus: BusConnection, config: { NODE_ENV: string }, catalogue: ModelCatalogue, metrics: MetricsRegistry) =>
        new CircuitEvents(new JetStreamUsageSink(bus, config.NODE_ENV !== 'production'), publicModelsByDeployment(catalogue), undefined, metrics),
    },
    {
      provide: Router,
      inject: [ModelCatalogue, ProviderRegistry, MetricsRegistry, CircuitEvents],
      useFactory: (catalogue: ModelCatalogue, registry: ProviderRegistry, metrics: MetricsRegistry, events: CircuitEvents) =>
        new Router(catalogue, registry, routerObserver(metrics, undefined, events)),
    },
  ],
  exports: [Router, CatalogueModule],
})
export class RoutingModule {}
