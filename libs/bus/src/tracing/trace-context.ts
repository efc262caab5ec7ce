import {
  type Context,
  propagation,
  ROOT_CONTEXT,
  type SpanContext,
  type TextMapGetter,
  type TextMapSetter,
  trace,
  type Tracer,
  TraceFlags,
} from '@opentelemetry/api';
import { HEADERS } from '@ironcage/contracts';
import { Match, type MsgHdrs } from '@nats-io/nats-core';

export const tracer = (): Tracer => trace.getTracer('@ironcage/bus');

const headerGetter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (headers) => (headers ? headers.keys() : []),
  get: (headers, key) => (headers?.has(key, Match.IgnoreCase) ? headers.get(key, Match.IgnoreCase) : undefined),
};

const headerSetter: TextMapSetter<MsgHdrs> = {
  set: (headers, key, value) => headers.set(key, value),
};

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function parseTraceparent(value: string | undefined): SpanContext | undefined {
  const m = value ? TRACEPARENT.exec(value.trim()) : null;
  if (!m || m[1] === 'ff' || /^0+$/.test(m[2]!) || /^0+$/.test(m[3]!)) return undefined;
  return { traceId: m[2]!, spanId: m[3]!, traceFlags: parseInt(m[4]!, 16) & TraceFlags.SAMPLED, isRemote: true };
}

export function formatTraceparent(sc: SpanContext): string {
  return `00-${sc.traceId}-${sc.spanId}-0${(sc.traceFlags & TraceFlags.SAMPLED).toString(16)}`;
}

/**
 * The context a received message continues. The registered propagator reads the headers; when it
 * finds nothing (no SDK, or a publisher that only set the envelope) the W3C `traceparent` header
 * or the envelope's `traceparent` is parsed directly, so the trace survives either way.
 */
export function extractTraceContext(headers: MsgHdrs | undefined, envelopeTraceparent?: string): Context {
  const extracted = propagation.extract(ROOT_CONTEXT, headers, headerGetter);
  if (trace.getSpanContext(extracted)) return extracted;
  const sc = parseTraceparent(headerGetter.get(headers, HEADERS.traceparent) as string | undefined) ?? parseTraceparent(envelopeTraceparent);
  return sc ? trace.setSpanContext(extracted, sc) : extracted;
}

/** Writes `ctx`'s trace into the headers and returns its `traceparent` (undefined without a valid span). */
export function injectTraceContext(ctx: Context, headers: MsgHdrs): string | undefined {
  propagation.inject(ctx, headers, headerSetter);
  const sc = trace.getSpanContext(ctx);
  if (!sc || !trace.isSpanContextValid(sc)) return undefined;
  const traceparent = formatTraceparent(sc);
  if (!headers.has(HEADERS.traceparent)) headers.set(HEADERS.traceparent, traceparent);
  return traceparent;
}

export const MESSAGING_ATTRIBUTES = {
  system: 'messaging.system',
  destination: 'messaging.destination.name',
  messageId: 'messaging.message.id',
  operation: 'messaging.operation.type',
  consumerGroup: 'messaging.consumer.group.name',
  deliveryCount: 'messaging.nats.delivery_count',
  streamSequence: 'messaging.nats.stream_sequence',
} as const;
