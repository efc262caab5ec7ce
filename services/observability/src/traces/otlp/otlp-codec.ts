import { OTLP } from './otlp-schema';

/** The body encodings of OTLP/HTTP. */
export type OtlpFormat = 'protobuf' | 'json';

export const OTLP_CONTENT_TYPES: Record<OtlpFormat, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export interface SpanEventRecord {
  name: string;
  timeUnixNano: string;
  attributes: Attributes;
}

export interface SpanLinkRecord {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/** One span as received, normalised from either encoding (ids lower-case hex, times in Unix nanoseconds). */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string | null;
  attributes: Attributes;
  resource: Attributes;
  scope: { name: string; version?: string } | null;
  events: SpanEventRecord[];
  links: SpanLinkRecord[];
}

export interface DecodedTraces {
  spans: ReceivedSpan[];
  /** Spans refused one by one (bad ids, times); reported as partial success. */
  rejected: number;
  /** Why, for the first few refused spans. */
  rejections: string[];
}

/** The body cannot be read as an ExportTraceServiceRequest at all: answered 400. */
export class OtlpDecodeError extends Error {}

const SPAN_KINDS = 5;
const MAX_REJECTION_REASONS = 5;
const HEX_TRACE_ID = /^[0-9a-fA-F]{32}$/;
const HEX_SPAN_ID = /^[0-9a-fA-F]{16}$/;
const DIGITS = /^\d{1,20}$/;

type Obj = Record<string, unknown>;

/** Decodes an OTLP/HTTP trace export body. Throws `OtlpDecodeError` for a body that is not one. */
export function decodeTraces(body: Buffer, format: OtlpFormat): DecodedTraces {
  return format === 'protobuf' ? fromObject(decodeProtobuf(body), 'base64') : fromObject(parseJson(body), 'hex');
}

function decodeProtobuf(body: Buffer): Obj {
  try {
    const message = OTLP.ExportTraceServiceRequest.decode(body);
    return OTLP.ExportTraceServiceRequest.toObject(message, { longs: String, bytes: String, defaults: false, arrays: true }) as Obj;
  } catch (e) {
    throw new OtlpDecodeError(`body is not a protobuf ExportTraceServiceRequest: ${(e as Error).message}`);
  }
}

function parseJson(body: Buffer): Obj {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new OtlpDecodeError(`body is not JSON: ${(e as Error).message}`);
  }
  if (!isObject(value)) throw new OtlpDecodeError('body is not a JSON ExportTraceServiceRequest: expected an object');
  return value;
}

/**
 * Both encodings arrive here in the same object form (protobufjs' `toObject` uses the JSON field
 * names); they differ only in how ids are written: base64 from protobuf bytes, hex in OTLP JSON.
 */
function fromObject(request: Obj, ids: 'hex' | 'base64'): DecodedTraces {
  const out: DecodedTraces = { spans: [], rejected: 0, rejections: [] };
  const resourceSpans = list(request.resourceSpans, 'resourceSpans');
  resourceSpans.forEach((rs, r) => {
    const at = `resourceSpans[${r}]`;
    if (!isObject(rs)) throw new OtlpDecodeError(`${at}: expected an object`);
    const resource = isObject(rs.resource) ? attributes(rs.resource.attributes, `${at}.resource.attributes`) : {};
    list(rs.scopeSpans, `${at}.scopeSpans`).forEach((ss, s) => {
      const scopeAt = `${at}.scopeSpans[${s}]`;
      if (!isObject(ss)) throw new OtlpDecodeError(`${scopeAt}: expected an object`);
      const scope = isObject(ss.scope) && typeof ss.scope.name === 'string' ? { name: ss.scope.name, ...(typeof ss.scope.version === 'string' && ss.scope.version ? { version: ss.scope.version } : {}) } : null;
      list(ss.spans, `${scopeAt}.spans`).forEach((span, i) => {
        const spanAt = `${scopeAt}.spans[${i}]`;
        try {
          if (!isObject(span)) throw new OtlpDecodeError('expected an object');
          out.spans.push(readSpan(span, ids, resource, scope));
        } catch (e) {
          if (!(e instanceof OtlpDecodeError)) throw e;
          out.rejected++;
          if (out.rejections.length < MAX_REJECTION_REASONS) out.rejections.push(`${spanAt}: ${e.message}`);
        }
      });
    });
  });
  return out;
}

function readSpan(span: Obj, ids: 'hex' | 'base64', resource: Attributes, scope: ReceivedSpan['scope']): ReceivedSpan {
  const traceId = id(span.traceId, ids, 16, 'traceId');
  const spanId = id(span.spanId, ids, 8, 'spanId');
  if (!traceId) throw new OtlpDecodeError('traceId is missing');
  if (!spanId) throw new OtlpDecodeError('spanId is missing');
  const parent = id(span.parentSpanId, ids, 8, 'parentSpanId');
  const kind = span.kind === undefined ? 0 : Number(span.kind);
  if (!Number.isInteger(kind) || kind < 0 || kind > SPAN_KINDS) throw new OtlpDecodeError(`kind: ${JSON.stringify(span.kind)} is not a SpanKind (0-5)`);
  const start = nanos(span.startTimeUnixNano, 'startTimeUnixNano');
  const end = span.endTimeUnixNano === undefined ? start : nanos(span.endTimeUnixNano, 'endTimeUnixNano');
  const status = isObject(span.status) ? span.status : {};
  const statusCode = status.code === undefined ? 0 : Number(status.code);
  if (!Number.isInteger(statusCode) || statusCode < 0 || statusCode > 2) throw new OtlpDecodeError(`status.code: ${JSON.stringify(status.code)} is not a StatusCode (0-2)`);
  return {
    traceId,
    spanId,
    parentSpanId: parent,
    name: typeof span.name === 'string' ? clean(span.name) : '',
    kind,
    startTimeUnixNano: start,
    endTimeUnixNano: end < start ? start : end,
    statusCode,
    statusMessage: typeof status.message === 'string' && status.message ? clean(status.message) : null,
    attributes: attributes(span.attributes, 'attributes'),
    resource,
    scope,
    events: list(span.events, 'events').map((e, i) => {
      if (!isObject(e)) throw new OtlpDecodeError(`events[${i}]: expected an object`);
      return { name: typeof e.name === 'string' ? clean(e.name) : '', timeUnixNano: String(nanos(e.timeUnixNano, `events[${i}].timeUnixNano`)), attributes: attributes(e.attributes, `events[${i}].attributes`) };
    }),
    links: list(span.links, 'links').flatMap((l, i) => {
      if (!isObject(l)) throw new OtlpDecodeError(`links[${i}]: expected an object`);
      const linkTrace = id(l.traceId, ids, 16, `links[${i}].traceId`);
      const linkSpan = id(l.spanId, ids, 8, `links[${i}].spanId`);
      return linkTrace && linkSpan ? [{ traceId: linkTrace, spanId: linkSpan, attributes: attributes(l.attributes, `links[${i}].attributes`) }] : [];
    }),
  };
}

/** Lower-case hex, or null for an absent / empty / all-zero id (OTLP's "no parent"). */
function id(value: unknown, encoding: 'hex' | 'base64', bytes: number, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new OtlpDecodeError(`${field}: expected a string`);
  let hex: string;
  if (encoding === 'hex') {
    if (!(bytes === 16 ? HEX_TRACE_ID : HEX_SPAN_ID).test(value)) throw new OtlpDecodeError(`${field}: expected ${bytes * 2} hex digits, got ${JSON.stringify(value.slice(0, 40))}`);
    hex = value.toLowerCase();
  } else {
    const raw = Buffer.from(value, 'base64');
    if (raw.length !== bytes) throw new OtlpDecodeError(`${field}: expected ${bytes} bytes, got ${raw.length}`);
    hex = raw.toString('hex');
  }
  return /^0+$/.test(hex) ? null : hex;
}

function nanos(value: unknown, field: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return BigInt(Math.round(value));
  if (typeof value === 'string' && DIGITS.test(value)) {
    const n = BigInt(value);
    if (n < 2n ** 64n) return n;
  }
  throw new OtlpDecodeError(`${field}: expected Unix nanoseconds as an unsigned integer, got ${JSON.stringify(value)}`);
}

function list(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpDecodeError(`${field}: expected an array`);
  return value;
}

function attributes(value: unknown, field: string): Attributes {
  const out: Attributes = {};
  list(value, field).forEach((kv, i) => {
    if (!isObject(kv) || typeof kv.key !== 'string') throw new OtlpDecodeError(`${field}[${i}]: expected { key, value }`);
    out[clean(kv.key)] = anyValue(kv.value, `${field}[${i}].value`, 0);
  });
  return out;
}

const MAX_DEPTH = 8;

function anyValue(value: unknown, field: string, depth: number): AttributeValue {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw new OtlpDecodeError(`${field}: expected an AnyValue object`);
  if (depth > MAX_DEPTH) throw new OtlpDecodeError(`${field}: nested deeper than ${MAX_DEPTH}`);
  if (typeof value.stringValue === 'string') return clean(value.stringValue);
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (value.intValue !== undefined) {
    const n = typeof value.intValue === 'string' ? Number(value.intValue) : value.intValue;
    if (typeof n !== 'number' || !Number.isInteger(n)) throw new OtlpDecodeError(`${field}.intValue: expected an integer`);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if (value.doubleValue !== undefined) {
    const n = Number(value.doubleValue);
    return Number.isFinite(n) ? n : String(value.doubleValue);
  }
  if (isObject(value.arrayValue)) return list(value.arrayValue.values, `${field}.arrayValue.values`).map((v, i) => anyValue(v, `${field}.arrayValue.values[${i}]`, depth + 1));
  if (isObject(value.kvlistValue)) {
    const out: Record<string, AttributeValue> = {};
    list(value.kvlistValue.values, `${field}.kvlistValue.values`).forEach((kv, i) => {
      if (!isObject(kv) || typeof kv.key !== 'string') throw new OtlpDecodeError(`${field}.kvlistValue.values[${i}]: expected { key, value }`);
      out[clean(kv.key)] = anyValue(kv.value, `${field}.kvlistValue.values[${i}].value`, depth + 1);
    });
    return out;
  }
  if (typeof value.bytesValue === 'string') return value.bytesValue;
  return null;
}

/** Text Postgres can store: no U+0000, no unpaired surrogates. */
function clean(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The 200 answer: ExportTraceServiceResponse, with partial_success when spans were refused. */
export function encodeExportResponse(format: OtlpFormat, decoded: Pick<DecodedTraces, 'rejected' | 'rejections'>): Buffer {
  const partialSuccess = decoded.rejected > 0 ? { rejectedSpans: decoded.rejected, errorMessage: decoded.rejections.join('; ') } : undefined;
  if (format === 'json') return Buffer.from(JSON.stringify(partialSuccess ? { partialSuccess: { ...partialSuccess, rejectedSpans: String(decoded.rejected) } } : {}));
  return Buffer.from(OTLP.ExportTraceServiceResponse.encode(OTLP.ExportTraceServiceResponse.create(partialSuccess ? { partialSuccess } : {})).finish());
}

/** An error answer: a `google.rpc.Status` in the request's encoding. */
export function encodeStatus(format: OtlpFormat, code: number, message: string): Buffer {
  if (format === 'json') return Buffer.from(JSON.stringify({ code, message }));
  return Buffer.from(OTLP.RpcStatus.encode(OTLP.RpcStatus.create({ code, message })).finish());
}
