import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { getTraceSchema } from './query-traces/get-trace.usecase';
import { listTracesSchema } from './query-traces/list-traces.usecase';
import { SPAN_KIND_NAMES, STATUS_NAMES } from './query-traces/trace-views';

export class ListTracesQueryDto extends createZodDto(listTracesSchema) {}
export class GetTraceQueryDto extends createZodDto(getTraceSchema.pick({ orgId: true })) {}

const attributes = z.record(z.string(), z.unknown()).describe('OTLP attributes as JSON: strings, numbers, booleans, arrays, nested objects (kvlist); bytes as base64');
const nanos = z.string().regex(/^\d+$/).describe('Unix nanoseconds, as a decimal string (exact)');

const spanNodeSchema = z.object({
  spanId: z.string().describe('16 hex digits'),
  parentSpanId: z.string().nullable(),
  name: z.string(),
  kind: z.enum(SPAN_KIND_NAMES),
  serviceName: z.string().describe('The `service.name` resource attribute'),
  startTime: z.string().describe('ISO 8601, microseconds'),
  startTimeUnixNano: nanos,
  endTimeUnixNano: nanos,
  durationMs: z.number(),
  status: z.object({ code: z.enum(STATUS_NAMES), message: z.string().nullable() }),
  attributes,
  resource: attributes,
  scope: z.object({ name: z.string(), version: z.string().optional() }).nullable().describe('Instrumentation scope'),
  events: z.array(z.object({ name: z.string(), timeUnixNano: nanos, attributes })),
  links: z.array(z.object({ traceId: z.string(), spanId: z.string(), attributes })),
  children: z.array(z.unknown()).describe('Child spans, in start order, each shaped like this span'),
});

export class TraceDto extends createZodDto(
  z.object({
    traceId: z.string(),
    orgId: z.string(),
    startTime: z.string().describe('Start of the earliest span, ISO 8601 with microseconds'),
    durationMs: z.number().describe('From the earliest start to the latest end'),
    spanCount: z.number().int(),
    services: z.array(z.string()),
    spans: z.array(spanNodeSchema).describe('Root spans (no parent, or a parent not received) with their children'),
  }),
) {}

export class TraceListDto extends createZodDto(
  z.object({
    traces: z.array(
      z.object({
        traceId: z.string(),
        root: z.object({ spanId: z.string(), name: z.string(), serviceName: z.string(), kind: z.string() }).nullable().describe('The earliest span without a stored parent'),
        startTime: z.string(),
        durationMs: z.number(),
        spanCount: z.number().int(),
        serviceCount: z.number().int(),
        services: z.array(z.string()),
        errorCount: z.number().int().describe('Spans with status error'),
      }),
    ),
  }),
) {}
