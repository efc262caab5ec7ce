import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@ironcage/kit';
import { Counter, Histogram } from 'prom-client';

/** The audit trail's own Prometheus metrics, on the service's `/metrics`. */
@Injectable()
export class AuditMetrics {
  private readonly entries: Counter<'action'>;
  private readonly duplicates: Counter;
  private readonly batchSize: Histogram;
  private readonly appendDuration: Histogram;
  private readonly checkpoints: Counter<'kind'>;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.entries = new Counter({ name: 'audit_entries_recorded_total', help: 'Audit entries appended to a chain', labelNames: ['action'], registers });
    this.duplicates = new Counter({ name: 'audit_events_duplicate_total', help: 'Events received again after they were recorded (redeliveries)', registers });
    this.batchSize = new Histogram({
      name: 'audit_append_batch_size',
      help: 'Entries written by one append transaction',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
      registers,
    });
    this.appendDuration = new Histogram({
      name: 'audit_append_duration_seconds',
      help: 'Duration of one append transaction (lock, hash, insert, commit)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.checkpoints = new Counter({ name: 'audit_checkpoints_written_total', help: 'Signed checkpoints written', labelNames: ['kind'], registers });
  }

  appended(entries: { action: string }[], duplicates: number, seconds: number): void {
    for (const e of entries) this.entries.inc({ action: e.action });
    if (duplicates > 0) this.duplicates.inc(duplicates);
    this.batchSize.observe(entries.length);
    this.appendDuration.observe(seconds);
  }

  checkpoint(kind: 'periodic' | 'anchor'): void {
    this.checkpoints.inc({ kind });
  }
}
