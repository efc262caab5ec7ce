import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { CONFIG } from '@ironcage/kit';
import { OTLP_CONTENT_TYPES, type OtlpFormat } from '../otlp/otlp-codec';
import { parseOtlpHeaders, type TracesConfig } from '../traces.config';
import { TracesMetrics } from '../traces.metrics';

interface Batch {
  body: Buffer;
  format: OtlpFormat;
}

/** Statuses OTLP/HTTP says are worth retrying; any other failure status drops the batch. */
const RETRYABLE = new Set([429, 502, 503, 504]);
const MAX_ATTEMPTS = 6;
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;
const WORKERS = 2;
const SHUTDOWN_FLUSH_MS = 5_000;

/**
 * Sends every received batch, as received (same bytes, same content type), to the configured
 * OTLP/HTTP endpoint: queued in memory, never awaited by ingest, retried with exponential backoff
 * (honouring Retry-After) on network errors and 429/502/503/504. A full queue drops the new batch
 * and counts it; nothing blocks the exporters sending to us.
 */
@Injectable()
export class TraceForwarder implements OnApplicationShutdown {
  private readonly logger = new Logger(TraceForwarder.name);
  private readonly url?: string;
  private readonly headers: Record<string, string>;
  private readonly max: number;
  private readonly queue: Batch[] = [];
  private busy = 0;
  private stopping = false;
  private readonly idle = new Set<() => void>();

  constructor(
    @Inject(CONFIG) config: TracesConfig,
    private readonly metrics: TracesMetrics,
  ) {
    this.url = config.OBSERVABILITY_OTLP_FORWARD_ENDPOINT ? `${config.OBSERVABILITY_OTLP_FORWARD_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined;
    this.headers = parseOtlpHeaders(config.OBSERVABILITY_OTLP_FORWARD_HEADERS);
    this.max = config.OBSERVABILITY_OTLP_FORWARD_QUEUE_MAX;
  }

  get enabled(): boolean {
    return this.url !== undefined;
  }

  enqueue(body: Buffer, format: OtlpFormat): void {
    if (!this.url || this.stopping) return;
    if (this.queue.length >= this.max) {
      this.metrics.forward('dropped_queue_full');
      return;
    }
    this.queue.push({ body, format });
    this.metrics.queueSize(this.queue.length);
    if (this.busy < WORKERS) {
      this.busy++;
      void this.work();
    }
  }

  /** Resolves once the queue is empty and nothing is being sent (tests, shutdown). */
  drained(): Promise<void> {
    if (this.queue.length === 0 && this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.add(resolve));
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.url) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.drained(), new Promise((r) => (timer = setTimeout(r, SHUTDOWN_FLUSH_MS)))]);
    clearTimeout(timer);
    this.stopping = true;
  }

  protected sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
  }

  private async work(): Promise<void> {
    try {
      for (let batch = this.queue.shift(); batch; batch = this.queue.shift()) {
        this.metrics.queueSize(this.queue.length);
        this.metrics.forward(await this.send(batch));
      }
    } finally {
      this.busy--;
      if (this.busy === 0 && this.queue.length === 0) {
        for (const resolve of this.idle) resolve();
        this.idle.clear();
      }
    }
  }

  private async send(batch: Batch): Promise<'sent' | 'rejected' | 'retries_exhausted'> {
    let backoff = FIRST_BACKOFF_MS;
    for (let attempt = 1; ; attempt++) {
      let wait = backoff;
      try {
        // The forward is not part of any trace: exporting our own export would loop.
        const res = await context.with(suppressTracing(context.active()), () =>
          fetch(this.url!, {
            method: 'POST',
            headers: { ...this.headers, 'content-type': OTLP_CONTENT_TYPES[batch.format] },
            body: batch.body,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          }),
        );
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return 'sent';
        if (!RETRYABLE.has(res.status)) {
          this.logger.warn({ msg: 'OTLP forward endpoint refused a batch; dropped', status: res.status });
          return 'rejected';
        }
        const retryAfter = Number(res.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) wait = Math.min(retryAfter * 1000, MAX_BACKOFF_MS);
      } catch (e) {
        if (attempt === MAX_ATTEMPTS) this.logger.warn({ msg: 'OTLP forward failed; batch dropped', reason: (e as Error).message });
      }
      if (attempt === MAX_ATTEMPTS || this.stopping) return 'retries_exhausted';
      await this.sleep(wait);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
}
