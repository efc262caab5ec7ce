import { Root, type Type } from 'protobufjs';

/**
 * The OTLP trace messages (opentelemetry-proto `collector/trace/v1`, `trace/v1`, `common/v1`,
 * `resource/v1`) and `google.rpc.Status`, as a protobufjs reflection schema: the field numbers and
 * wire types of the published specification, decoded and encoded by protobufjs. Fields this
 * service does not read (entity refs, deprecated ones) are left out; protobufjs skips them.
 * `otlp-codec.spec.ts` round-trips the OpenTelemetry SDK's own protobuf serializer through it.
 */
const fields = (spec: Record<string, [number, string, ('repeated' | undefined)?]>) =>
  Object.fromEntries(Object.entries(spec).map(([name, [id, type, rule]]) => [name, rule ? { id, type, rule } : { id, type }]));

const root = Root.fromJSON({
  nested: {
    otlp: {
      nested: {
        AnyValue: {
          oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
          fields: fields({
            stringValue: [1, 'string'],
            boolValue: [2, 'bool'],
            intValue: [3, 'int64'],
            doubleValue: [4, 'double'],
            arrayValue: [5, 'ArrayValue'],
            kvlistValue: [6, 'KeyValueList'],
            bytesValue: [7, 'bytes'],
          }),
        },
        ArrayValue: { fields: fields({ values: [1, 'AnyValue', 'repeated'] }) },
        KeyValueList: { fields: fields({ values: [1, 'KeyValue', 'repeated'] }) },
        KeyValue: { fields: fields({ key: [1, 'string'], value: [2, 'AnyValue'] }) },
        InstrumentationScope: {
          fields: fields({ name: [1, 'string'], version: [2, 'string'], attributes: [3, 'KeyValue', 'repeated'], droppedAttributesCount: [4, 'uint32'] }),
        },
        Resource: { fields: fields({ attributes: [1, 'KeyValue', 'repeated'], droppedAttributesCount: [2, 'uint32'] }) },
        ExportTraceServiceRequest: { fields: fields({ resourceSpans: [1, 'ResourceSpans', 'repeated'] }) },
        ExportTraceServiceResponse: { fields: fields({ partialSuccess: [1, 'ExportTracePartialSuccess'] }) },
        ExportTracePartialSuccess: { fields: fields({ rejectedSpans: [1, 'int64'], errorMessage: [2, 'string'] }) },
        ResourceSpans: { fields: fields({ resource: [1, 'Resource'], scopeSpans: [2, 'ScopeSpans', 'repeated'], schemaUrl: [3, 'string'] }) },
        ScopeSpans: { fields: fields({ scope: [1, 'InstrumentationScope'], spans: [2, 'Span', 'repeated'], schemaUrl: [3, 'string'] }) },
        Span: {
          fields: fields({
            traceId: [1, 'bytes'],
            spanId: [2, 'bytes'],
            traceState: [3, 'string'],
            parentSpanId: [4, 'bytes'],
            flags: [16, 'fixed32'],
            name: [5, 'string'],
            kind: [6, 'int32'],
            startTimeUnixNano: [7, 'fixed64'],
            endTimeUnixNano: [8, 'fixed64'],
            attributes: [9, 'KeyValue', 'repeated'],
            droppedAttributesCount: [10, 'uint32'],
            events: [11, 'SpanEvent', 'repeated'],
            droppedEventsCount: [12, 'uint32'],
            links: [13, 'SpanLink', 'repeated'],
            droppedLinksCount: [14, 'uint32'],
            status: [15, 'Status'],
          }),
        },
        SpanEvent: {
          fields: fields({ timeUnixNano: [1, 'fixed64'], name: [2, 'string'], attributes: [3, 'KeyValue', 'repeated'], droppedAttributesCount: [4, 'uint32'] }),
        },
        SpanLink: {
          fields: fields({
            traceId: [1, 'bytes'],
            spanId: [2, 'bytes'],
            traceState: [3, 'string'],
            attributes: [4, 'KeyValue', 'repeated'],
            droppedAttributesCount: [5, 'uint32'],
            flags: [6, 'fixed32'],
          }),
        },
        Status: { fields: fields({ message: [2, 'string'], code: [3, 'int32'] }) },
        RpcStatus: { fields: fields({ code: [1, 'int32'], message: [2, 'string'] }) },
      },
    },
  },
});

export const OTLP = {
  ExportTraceServiceRequest: root.lookupType('otlp.ExportTraceServiceRequest'),
  ExportTraceServiceResponse: root.lookupType('otlp.ExportTraceServiceResponse'),
  /** `google.rpc.Status`, the body of an OTLP/HTTP error response. */
  RpcStatus: root.lookupType('otlp.RpcStatus'),
} satisfies Record<string, Type>;
