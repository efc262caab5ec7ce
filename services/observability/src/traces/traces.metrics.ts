import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@ironcage/kit';
import { Counter, Gauge } from 'prom-client';

export type ForwardOutcome = 'sent' | 'rejected' | 'retries_exhausted' | 'dropped_queue_full';

/** The traces area's Prometheus metrics, on the service's `/metrics`. */
@Injectable()
export class TracesMetrics {
  private readonly requests: Counter<'format' | 'status'>;
  private readonly spans: Counter<'outcome'>;
  private readonly forwarded: Counter<'outcome'>;
  private readonly queue: Gauge;
  private readonly purged: Counter;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.requests = new Counter({ name: 'otlp_trace_requests_total', help: 'OTLP/HTTP trace export requests answered, by body format and HTTP status', labelNames: ['format', 'status'], registers });
    this.spans = new Counter({ name: 'otlp_spans_received_total', help: 'Spans received over OTLP: stored, duplicate (stored before) or rejected', labelNames: ['outcome'], registers });
    this.forwarded = new Counter({ name: 'otlp_forward_batches_total', help: 'Received batches forwarded to OBSERVABILITY_OTLP_FORWARD_ENDPOINT, by outcome', labelNames: ['outcome'], registers });
    this.queue = new Gauge({ name: 'otlp_forward_queue_batches', help: 'Batches waiting to be forwarded', registers });
    this.purged = new Counter({ name: 'trace_spans_purged_total', help: 'Stored spans deleted by retention', registers });
  }

  request(format: string, status: number): void {
    this.requests.inc({ format, status: String(status) });
  }

  received(stored: number, duplicate: number, rejected: number): void {
    if (stored) this.spans.inc({ outcome: 'stored' }, stored);
    if (duplicate) this.spans.inc({ outcome: 'duplicate' }, duplicate);
    if (rejected) this.spans.inc({ outcome: 'rejected' }, rejected);
  }

  forward(outcome: ForwardOutcome): void {
    this.forwarded.inc({ outcome });
  }

  queueSize(size: number): void {
    this.queue.set(size);
  }

  purgedSpans(count: number): void {
    this.purged.inc(count);
  }
}
