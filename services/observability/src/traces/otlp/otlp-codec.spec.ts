import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { decodeTraces, encodeExportResponse, encodeStatus, OtlpDecodeError } from './otlp-codec';
import { OTLP } from './otlp-schema';

async function sdkSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'gateway', 'service.version': '1.2.3' }), spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('test-scope', '0.1.0');
  const server = tracer.startSpan('POST /v1/chat/completions', { kind: SpanKind.SERVER });
  {
    const chat = tracer.startSpan('chat gpt-4o', {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.response.finish_reasons': ['stop'],
        'ironcage.org_id': 'acme',
        ratio: 0.5,
        flag: true,
        big: 2 ** 40,
      },
    }, trace.setSpan(ROOT_CONTEXT, server));
    chat.addEvent('first chunk', { index: 1 });
    chat.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream said no' });
    chat.end();
    server.end();
  }
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

describe('OTLP trace codec', () => {
  let spans: ReadableSpan[];
  let chat: ReadableSpan;
  let server: ReadableSpan;
  beforeAll(async () => {
    spans = await sdkSpans();
    [chat, server] = spans;
  });

  it.each(['protobuf', 'json'] as const)('decodes what the OpenTelemetry SDK serialises as %s', (format) => {
    const body = Buffer.from((format === 'protobuf' ? ProtobufTraceSerializer : JsonTraceSerializer).serializeRequest(spans)!);
    const decoded = decodeTraces(body, format);
    expect(decoded.rejected).toBe(0);
    expect(decoded.spans).toHaveLength(2);
    const c = decoded.spans.find((s) => s.name === 'chat gpt-4o')!;
    const s = decoded.spans.find((s) => s.name === 'POST /v1/chat/completions')!;
    expect(c).toMatchObject({
      traceId: chat.spanContext().traceId,
      spanId: chat.spanContext().spanId,
      parentSpanId: server.spanContext().spanId,
      kind: 3,
      statusCode: 2,
      statusMessage: 'upstream said no',
      resource: { 'service.name': 'gateway', 'service.version': '1.2.3' },
      scope: { name: 'test-scope', version: '0.1.0' },
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 12, 'gen_ai.response.finish_reasons': ['stop'], 'ironcage.org_id': 'acme', ratio: 0.5, flag: true, big: 2 ** 40 },
    });
    expect(c.events).toEqual([{ name: 'first chunk', timeUnixNano: expect.stringMatching(/^\d{19}$/), attributes: { index: 1 } }]);
    expect(s).toMatchObject({ parentSpanId: null, kind: 2, statusCode: 0 });
    const startNanos = BigInt(chat.startTime[0]) * 1_000_000_000n + BigInt(chat.startTime[1]);
    expect(c.startTimeUnixNano).toBe(startNanos);
    expect(c.endTimeUnixNano >= c.startTimeUnixNano).toBe(true);
  });

  it('refuses a body that is not protobuf, or not JSON, as a whole', () => {
    expect(() => decodeTraces(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), 'protobuf')).toThrow(OtlpDecodeError);
    expect(() => decodeTraces(Buffer.from('{"resourceSpans": ['), 'json')).toThrow(/body is not JSON/);
    expect(() => decodeTraces(Buffer.from('[1]'), 'json')).toThrow(/expected an object/);
    expect(() => decodeTraces(Buffer.from('{"resourceSpans": {}}'), 'json')).toThrow('resourceSpans: expected an array');
  });

  it('refuses spans one by one, naming where and why', () => {
    const good = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'ok', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000500000000' };
    const body = { resourceSpans: [{ scopeSpans: [{ spans: [good, { ...good, traceId: 'xyz' }, { ...good, spanId: '' }, { ...good, startTimeUnixNano: '-5' }] }] }] };
    const decoded = decodeTraces(Buffer.from(JSON.stringify(body)), 'json');
    expect(decoded.spans.map((s) => s.name)).toEqual(['ok']);
    expect(decoded.rejected).toBe(3);
    expect(decoded.rejections).toEqual([
      'resourceSpans[0].scopeSpans[0].spans[1]: traceId: expected 32 hex digits, got "xyz"',
      'resourceSpans[0].scopeSpans[0].spans[2]: spanId is missing',
      'resourceSpans[0].scopeSpans[0].spans[3]: startTimeUnixNano: expected Unix nanoseconds as an unsigned integer, got "-5"',
    ]);
  });

  it('keeps text Postgres can store', () => {
    const span = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'a\u0000b', startTimeUnixNano: 1, attributes: [{ key: 'k', value: { stringValue: 'x\ud800y' } }] };
    const [s] = decodeTraces(Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })), 'json').spans;
    expect(s.name).toBe('a\uFFFDb');
    expect(s.attributes.k).toBe('x\uFFFDy');
  });

  it('answers ExportTraceServiceResponse with partial_success, and google.rpc.Status errors', () => {
    const response = OTLP.ExportTraceServiceResponse.toObject(OTLP.ExportTraceServiceResponse.decode(encodeExportResponse('protobuf', { rejected: 2, rejections: ['a', 'b'] })), { longs: Number });
    expect(response).toEqual({ partialSuccess: { rejectedSpans: 2, errorMessage: 'a; b' } });
    expect(JSON.parse(encodeExportResponse('json', { rejected: 0, rejections: [] }).toString())).toEqual({});
    expect(JSON.parse(encodeExportResponse('json', { rejected: 1, rejections: ['x'] }).toString())).toEqual({ partialSuccess: { rejectedSpans: '1', errorMessage: 'x' } });
    expect(OTLP.RpcStatus.toObject(OTLP.RpcStatus.decode(encodeStatus('protobuf', 3, 'bad')))).toEqual({ code: 3, message: 'bad' });
  });
});
