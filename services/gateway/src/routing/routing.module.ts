import { Logger, Module } from '@nestjs/common';
import { MetricsRegistry } from '@ironcage/kit';
import { Counter, Gauge } from 'prom-client';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ModelCatalogue } from '../catalogue/model-catalogue';
import { ProviderRegistry } from '../providers';
import type { BreakerState } from './circuit-breaker';
import { Router, type RouterObserver } from './router';

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Prometheus series and log lines for attempts and breaker transitions. */
export function routerObserver(metrics: MetricsRegistry, logger = new Logger('Router')): RouterObserver {
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
    breakerChanged: (d, from, to, reason) => {
      breaker.set({ deployment: d.id }, STATE_VALUE[to]);
      const line = { msg: `circuit breaker ${to}`, deployment: d.id, provider: d.provider, from, to, reason };
      if (to === 'open') logger.warn(line);
      else logger.log(line);
    },
  };
}

@Module({
  imports: [CatalogueModule],
  providers: [
    {
      provide: Router,
      inject: [ModelCatalogue, ProviderRegistry, MetricsRegistry],
      useFactory: (catalogue: ModelCatalogue, registry: ProviderRegistry, metrics: MetricsRegistry) => new Router(catalogue, registry, routerObserver(metrics)),
    },
  ],
  exports: [Router, CatalogueModule],
})
export class RoutingModule {}
