import { Injectable } from '@nestjs/common';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { Clock } from '../../common/clock';
import { TracesRepository } from '../traces.repository';
import { orgIdSchema } from './get-trace.usecase';
import { durationMs, isoFromNanos, SPAN_KIND_NAMES } from './trace-views';

const DEFAULT_WINDOW_MS = 24 * 3600 * 1000;

export const listTracesSchema = z.strictObject({
  orgId: orgIdSchema.describe('Organisation: traces with at least one span carrying `ironcage.org_id` = orgId'),
  since: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T00:00:00Z' })
    .optional()
    .describe('Only traces with an org span starting at or after this instant (default: the last 24 hours)'),
  service: z.string().min(1).max(256).optional().describe('Only traces with a span from this `service.name`'),
  model: z.string().min(1).max(256).optional().describe('Only traces with a span whose `gen_ai.request.model` is this'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Traces to return, newest first'),
});
export type ListTracesCommand = z.input<typeof listTracesSchema>;

export interface TraceSummaryView {
  traceId: string;
  root: { spanId: string; name: string; serviceName: string; kind: string } | null;
  startTime: string;
  durationMs: number;
  spanCount: number;
  serviceCount: number;
  services: string[];
  errorCount: number;
}

/** An org's recent traces, newest first, with their root span, duration and services. */
@Injectable()
export class ListTracesUseCase {
  constructor(
    private readonly repository: TracesRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: ListTracesCommand): Promise<{ traces: TraceSummaryView[] }> {
    const parsed = listTracesSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('The request is invalid', zodIssuesToDetails(parsed.error, 'query'));
    const { orgId, since, service, model, limit } = parsed.data;
    const summaries = await this.repository.list({ orgId, since: since ? new Date(since) : new Date(this.clock.now().getTime() - DEFAULT_WINDOW_MS), service, model, limit });
    const roots = new Map((await this.repository.roots(summaries.map((s) => s.traceId))).map((r) => [r.traceId, r]));
    return {
      traces: summaries.map((s) => {
        const root = roots.get(s.traceId);
        return {
          traceId: s.traceId,
          root: root ? { spanId: root.spanId, name: root.name, serviceName: root.serviceName, kind: SPAN_KIND_NAMES[root.kind] ?? 'unspecified' } : null,
          startTime: isoFromNanos(s.startUnixNano),
          durationMs: durationMs(s.startUnixNano, s.endUnixNano),
          spanCount: s.spanCount,
          serviceCount: s.serviceCount,
          services: s.services,
          errorCount: s.errorCount,
        };
      }),
    };
  }
}
