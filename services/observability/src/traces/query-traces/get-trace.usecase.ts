import { Injectable } from '@nestjs/common';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { TracesError, TracesErrorCode } from '../traces.exception';
import { TracesRepository } from '../traces.repository';
import { durationMs, isoFromNanos, type SpanView, spanTree } from './trace-views';

export const traceIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex digits').describe('W3C / OTLP trace id');
export const orgIdSchema = z.string().min(1).max(128);

export const getTraceSchema = z.strictObject({
  traceId: traceIdSchema,
  orgId: orgIdSchema.describe('Organisation the trace must belong to: one of its spans carries `ironcage.org_id` = orgId'),
});
export type GetTraceCommand = z.input<typeof getTraceSchema>;

export interface TraceView {
  traceId: string;
  orgId: string;
  startTime: string;
  durationMs: number;
  spanCount: number;
  services: string[];
  spans: SpanView[];
}

/** One trace, whole, as a tree of spans, if one of its spans says it was done for the org. */
@Injectable()
export class GetTraceUseCase {
  constructor(private readonly repository: TracesRepository) {}

  async execute(command: GetTraceCommand): Promise<TraceView> {
    const parsed = getTraceSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('The request is invalid', zodIssuesToDetails(parsed.error, 'query'));
    const { traceId, orgId } = parsed.data;
    const rows = await this.repository.trace(traceId, orgId);
    if (rows.length === 0) throw new TracesError(TracesErrorCode.TraceNotFound, `No trace ${traceId} of organisation ${orgId} is stored`);
    let start = rows[0].startUnixNano;
    let end = rows[0].endUnixNano;
    for (const r of rows) {
      if (BigInt(r.startUnixNano) < BigInt(start)) start = r.startUnixNano;
      if (BigInt(r.endUnixNano) > BigInt(end)) end = r.endUnixNano;
    }
    return {
      traceId,
      orgId,
      startTime: isoFromNanos(start),
      durationMs: durationMs(start, end),
      spanCount: rows.length,
      services: [...new Set(rows.map((r) => r.serviceName))].sort(),
      spans: spanTree(rows),
    };
  }
}
