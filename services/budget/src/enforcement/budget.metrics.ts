import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@ironcage/kit';
import { Counter, Histogram } from 'prom-client';

/** What the hot path reports on /metrics: decisions by outcome and how long each took in this process. */
@Injectable()
export class BudgetMetrics {
  readonly decisions: Counter<'outcome'>;
  readonly authorizeSeconds: Histogram<'outcome'>;
  readonly settlements: Counter<'source' | 'outcome'>;

  constructor(metrics: MetricsRegistry) {
    this.decisions = new Counter({
      name: 'budget_authorize_total',
      help: 'budget.authorize decisions by outcome (allowed, budget_exceeded, rate_limited, unpriced_model, error)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.authorizeSeconds = new Histogram({
      name: 'budget_authorize_duration_seconds',
      help: 'Time budget.authorize spends in this process (pricing and the Postgres reservation)',
      labelNames: ['outcome'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1, 0.5],
      registers: [metrics.registry],
    });
    this.settlements = new Counter({
      name: 'budget_settlements_total',
      help: 'Settlements by source (event, rpc) and outcome (settled, duplicate, nothing_to_settle, error)',
      labelNames: ['source', 'outcome'],
      registers: [metrics.registry],
    });
  }
}
