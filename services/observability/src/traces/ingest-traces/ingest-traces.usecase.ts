import { Injectable } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { TraceForwarder } from '../forward/trace-forwarder';
import { type Attributes, decodeTraces, type OtlpFormat, type ReceivedSpan } from '../otlp/otlp-codec';
import type { SpanRow } from '../traces.repository';
import { TracesRepository } from '../traces.repository';
import { TracesMetrics } from '../traces.metrics';

export interface IngestResult {
  stored: number;
  duplicate: number;
  rejected: number;
  rejections: string[];
}

/**
 * Attributes never stored, whoever sent them: prompt and completion text (the GenAI conventions'
 * opt-in content attributes; no org can opt in yet) and credentials in captured headers.
 */
const DROPPED_EXACT = new Set([
  'gen_ai.prompt',
  'gen_ai.completion',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'gen_ai.tool.definitions',
]);
const DROPPED_PREFIXES = ['gen_ai.prompt.', 'gen_ai.completion.', 'http.request.header.authorization', 'http.request.header.x-api-key', 'http.request.header.api-key', 'http.request.header.cookie'];

export function storable(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    const lower = key.toLowerCase();
    if (DROPPED_EXACT.has(lower) || DROPPED_PREFIXES.some((p) => lower.startsWith(p))) continue;
    out[key] = value;
  }
  return out;
}

export function toRow(span: ReceivedSpan): SpanRow {
  const attributes = storable(span.attributes);
  const service = span.resource['service.name'];
  const org = attributes['ironcage.org_id'];
  const model = attributes['gen_ai.request.model'];
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    serviceName: typeof service === 'string' && service ? service : 'unknown_service',
    orgId: typeof org === 'string' && org ? org : null,
    model: typeof model === 'string' && model ? model : null,
    startUnixNano: String(span.startTimeUnixNano),
    endUnixNano: String(span.endTimeUnixNano),
    statusCode: span.statusCode,
    statusMessage: span.statusMessage,
    attributes,
    resource: storable(span.resource),
    scope: span.scope,
    events: span.events.map((e) => ({ ...e, attributes: storable(e.attributes) })),
    links: span.links,
  };
}

/**
 * One OTLP/HTTP export: decode (throws `OtlpDecodeError` for a body that is not one), store the
 * valid spans (a span received twice is stored once), then hand the batch to the forwarder.
 * Runs with tracing suppressed: the service's own spans about storing spans would be exported
 * back to it, for ever.
 */
@Injectable()
export class IngestTracesUseCase {
  constructor(
    private readonly repository: TracesRepository,
    private readonly forwarder: TraceForwarder,
    private readonly metrics: TracesMetrics,
  ) {}

  async execute(body: Buffer, format: OtlpFormat): Promise<IngestResult> {
    const decoded = decodeTraces(body, format);
    const rows = decoded.spans.map(toRow);
    const stored = await context.with(suppressTracing(context.active()), () => this.repository.insert(rows));
    const duplicate = rows.length - stored;
    this.metrics.received(stored, duplicate, decoded.rejected);
    if (decoded.spans.length > 0) this.forwarder.enqueue(body, format);
    return { stored, duplicate, rejected: decoded.rejected, rejections: decoded.rejections };
  }
}
