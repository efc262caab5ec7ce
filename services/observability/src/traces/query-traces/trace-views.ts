import type { AttributeValue } from '../otlp/otlp-codec';
import type { SpanRow } from '../traces.repository';

export const SPAN_KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export const STATUS_NAMES = ['unset', 'ok', 'error'] as const;

export interface SpanView {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: (typeof SPAN_KIND_NAMES)[number];
  serviceName: string;
  startTime: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  durationMs: number;
  status: { code: (typeof STATUS_NAMES)[number]; message: string | null };
  attributes: Record<string, AttributeValue>;
  resource: Record<string, AttributeValue>;
  scope: { name: string; version?: string } | null;
  events: { name: string; timeUnixNano: string; attributes: Record<string, AttributeValue> }[];
  links: { traceId: string; spanId: string; attributes: Record<string, AttributeValue> }[];
  children: SpanView[];
}

/** ISO 8601 with microseconds, from Unix nanoseconds. */
export function isoFromNanos(nanos: string): string {
  const n = BigInt(nanos);
  const ms = n / 1_000_000n;
  const micros = (n / 1000n) % 1000n;
  return new Date(Number(ms)).toISOString().replace('Z', `${String(micros).padStart(3, '0')}Z`);
}

export function durationMs(start: string, end: string): number {
  return Number((BigInt(end) - BigInt(start)) / 1000n) / 1000;
}

export function spanView(s: SpanRow): SpanView {
  return {
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    kind: SPAN_KIND_NAMES[s.kind] ?? 'unspecified',
    serviceName: s.serviceName,
    startTime: isoFromNanos(s.startUnixNano),
    startTimeUnixNano: s.startUnixNano,
    endTimeUnixNano: s.endUnixNano,
    durationMs: durationMs(s.startUnixNano, s.endUnixNano),
    status: { code: STATUS_NAMES[s.statusCode] ?? 'unset', message: s.statusMessage },
    attributes: s.attributes,
    resource: s.resource,
    scope: s.scope,
    events: s.events,
    links: s.links,
    children: [],
  };
}

/**
 * Spans as a tree: each under its parent, siblings in start order. A span whose parent was not
 * received (yet, or at all: an upstream caller outside the platform) is a root.
 */
export function spanTree(rows: SpanRow[]): SpanView[] {
  const views = new Map(rows.map((r) => [r.spanId, spanView(r)]));
  const roots: SpanView[] = [];
  for (const view of views.values()) {
    const parent = view.parentSpanId ? views.get(view.parentSpanId) : undefined;
    if (parent && parent !== view) parent.children.push(view);
    else roots.push(view);
  }
  const byStart = (a: SpanView, b: SpanView) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : BigInt(a.startTimeUnixNano) > BigInt(b.startTimeUnixNano) ? 1 : 0);
  const sort = (list: SpanView[]) => {
    list.sort(byStart);
    for (const v of list) sort(v.children);
  };
  sort(roots);
  return roots;
}
