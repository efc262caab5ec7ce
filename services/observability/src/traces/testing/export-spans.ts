/**
 * Exports small traces with the OpenTelemetry SDK's own OTLP/HTTP exporters, in a process of its
 * own (the exporters load `http` with a dynamic import, which Jest's module sandbox refuses).
 *
 *   node -r @swc-node/register export-spans.ts '{"format":"protobuf","url":"…/v1/traces","headers":{…},"traces":[{"service":"gateway","orgId":"acme"}],"times":1}'
 *
 * Prints one JSON line: { traceIds, results: [{ code, error? }] }.
 */
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

interface Spec {
  format: 'protobuf' | 'json';
  url: string;
  headers?: Record<string, string>;
  traces: { service: string; orgId: string }[];
  times?: number;
}

/** A server span with a GenAI client span under it, as a service would produce them. */
async function makeTrace(service: string, orgId: string): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const tracer = provider.getTracer('receiver-test');
  const server = tracer.startSpan('POST /v1/chat/completions', { kind: SpanKind.SERVER, attributes: { 'ironcage.org_id': orgId } });
  const chat = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 11,
        'ironcage.org_id': orgId,
        'gen_ai.input.messages': '[{"role":"user","content":"secret prompt"}]',
      },
    },
    trace.setSpan(ROOT_CONTEXT, server),
  );
  chat.end();
  server.end();
  await provider.forceFlush();
  return memory.getFinishedSpans();
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]) as Spec;
  const exporter = spec.format === 'protobuf' ? new ProtoExporter({ url: spec.url, headers: spec.headers }) : new JsonExporter({ url: spec.url, headers: spec.headers });
  const spans: ReadableSpan[] = [];
  for (const t of spec.traces) spans.push(...(await makeTrace(t.service, t.orgId)));
  const results: { code: number; error?: string }[] = [];
  for (let i = 0; i < (spec.times ?? 1); i++) {
    const result = await new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));
    results.push({ code: result.code, ...(result.error ? { error: result.error.message } : {}) });
  }
  await exporter.shutdown();
  const traceIds = [...new Set(spans.filter((s) => !s.parentSpanContext).map((s) => s.spanContext().traceId))];
  process.stdout.write(`${JSON.stringify({ traceIds, results })}\n`);
}

void main();
