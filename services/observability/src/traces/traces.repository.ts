import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Attributes, SpanEventRecord, SpanLinkRecord } from './otlp/otlp-codec';

/** A span as stored: what the codec received plus the columns queries filter on. */
export interface SpanRow {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  serviceName: string;
  orgId: string | null;
  model: string | null;
  startUnixNano: string;
  endUnixNano: string;
  statusCode: number;
  statusMessage: string | null;
  attributes: Attributes;
  resource: Attributes;
  scope: { name: string; version?: string } | null;
  events: SpanEventRecord[];
  links: SpanLinkRecord[];
}

export interface TraceSummaryRow {
  traceId: string;
  startUnixNano: string;
  endUnixNano: string;
  spanCount: number;
  serviceCount: number;
  services: string[];
  errorCount: number;
}

export interface TraceListFilter {
  orgId: string;
  since: Date;
  service?: string;
  model?: string;
  limit: number;
}

interface Row {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: number;
  service_name: string;
  org_id: string | null;
  model: string | null;
  start_unix_nano: string;
  end_unix_nano: string;
  status_code: number;
  status_message: string | null;
  attributes: Attributes;
  resource: Attributes;
  scope: SpanRow['scope'];
  events: SpanEventRecord[];
  links: SpanLinkRecord[];
}

const toSpan = (r: Row): SpanRow => ({
  traceId: r.trace_id,
  spanId: r.span_id,
  parentSpanId: r.parent_span_id,
  name: r.name,
  kind: r.kind,
  serviceName: r.service_name,
  orgId: r.org_id,
  model: r.model,
  startUnixNano: r.start_unix_nano,
  endUnixNano: r.end_unix_nano,
  statusCode: r.status_code,
  statusMessage: r.status_message,
  attributes: r.attributes,
  resource: r.resource,
  scope: r.scope,
  events: r.events,
  links: r.links,
});

/** The only code doing I/O on `trace_spans`. */
@Injectable()
export class TracesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts a batch in one statement; a span received again (an exporter's retry) is kept as first stored. Returns the spans new to the table. */
  async insert(spans: SpanRow[]): Promise<number> {
    if (spans.length === 0) return 0;
    const rows = spans.map((s) => ({
      trace_id: s.traceId,
      span_id: s.spanId,
      parent_span_id: s.parentSpanId,
      name: s.name,
      kind: s.kind,
      service_name: s.serviceName,
      org_id: s.orgId,
      model: s.model,
      start_unix_nano: s.startUnixNano,
      end_unix_nano: s.endUnixNano,
      status_code: s.statusCode,
      status_message: s.statusMessage,
      attributes: s.attributes,
      resource: s.resource,
      scope: s.scope,
      events: s.events,
      links: s.links,
    }));
    const [{ n }]: { n: number }[] = await this.db.query(
      `WITH inserted AS (
       INSERT INTO trace_spans (trace_id, span_id, parent_span_id, name, kind, service_name, org_id, model, start_unix_nano, end_unix_nano, start_time,
                                status_code, status_message, attributes, resource, scope, events, links)
       SELECT trace_id, span_id, parent_span_id, name, kind, service_name, org_id, model, start_unix_nano, end_unix_nano,
              to_timestamp(start_unix_nano / 1e9), status_code, status_message, attributes, resource, scope, events, links
         FROM jsonb_to_recordset($1::jsonb) AS x(trace_id text, span_id text, parent_span_id text, name text, kind smallint, service_name text, org_id text,
              model text, start_unix_nano bigint, end_unix_nano bigint, status_code smallint, status_message text, attributes jsonb, resource jsonb,
              scope jsonb, events jsonb, links jsonb)
       ON CONFLICT (trace_id, span_id) DO NOTHING
       RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [JSON.stringify(rows)],
    );
    return n;
  }

  /** Every span of a trace, provided one of them carries the org's id; else none. */
  async trace(traceId: string, orgId: string): Promise<SpanRow[]> {
    const rows: Row[] = await this.db.query(
      `SELECT trace_id, span_id, parent_span_id, name, kind, service_name, org_id, model, start_unix_nano::text, end_unix_nano::text,
              status_code, status_message, attributes, resource, scope, events, links
         FROM trace_spans
        WHERE trace_id = $1 AND EXISTS (SELECT 1 FROM trace_spans o WHERE o.trace_id = $1 AND o.org_id = $2)
        ORDER BY start_unix_nano, span_id`,
      [traceId, orgId],
    );
    return rows.map(toSpan);
  }

  /** The org's most recent traces (by their latest span carrying the org) with at least one span matching each filter. */
  async list(filter: TraceListFilter): Promise<TraceSummaryRow[]> {
    const params: unknown[] = [filter.orgId, filter.since, filter.limit];
    const conditions: string[] = [];
    if (filter.service) {
      params.push(filter.service);
      conditions.push(`EXISTS (SELECT 1 FROM trace_spans f WHERE f.trace_id = o.trace_id AND f.service_name = $${params.length})`);
    }
    if (filter.model) {
      params.push(filter.model);
      conditions.push(`EXISTS (SELECT 1 FROM trace_spans f WHERE f.trace_id = o.trace_id AND f.model = $${params.length})`);
    }
    const rows: { trace_id: string; start: string; end: string; spans: string; services: string[]; errors: string }[] = await this.db.query(
      `WITH recent AS (
         SELECT o.trace_id, max(o.start_time) AS last
           FROM trace_spans o
          WHERE o.org_id = $1 AND o.start_time >= $2 ${conditions.map((c) => `AND ${c}`).join(' ')}
          GROUP BY o.trace_id
          ORDER BY last DESC
          LIMIT $3)
       SELECT r.trace_id, min(s.start_unix_nano)::text AS start, max(s.end_unix_nano)::text AS end, count(*) AS spans,
              array_agg(DISTINCT s.service_name ORDER BY s.service_name) AS services, count(*) FILTER (WHERE s.status_code = 2) AS errors
         FROM recent r JOIN trace_spans s ON s.trace_id = r.trace_id
        GROUP BY r.trace_id, r.last
        ORDER BY r.last DESC`,
      params,
    );
    return rows.map((r) => ({
      traceId: r.trace_id,
      startUnixNano: r.start,
      endUnixNano: r.end,
      spanCount: Number(r.spans),
      serviceCount: r.services.length,
      services: r.services,
      errorCount: Number(r.errors),
    }));
  }

  /** The root spans (no parent stored in the trace) of the given traces, earliest first. */
  async roots(traceIds: string[]): Promise<SpanRow[]> {
    if (traceIds.length === 0) return [];
    const rows: Row[] = await this.db.query(
      `SELECT DISTINCT ON (s.trace_id) s.trace_id, s.span_id, s.parent_span_id, s.name, s.kind, s.service_name, s.org_id, s.model,
              s.start_unix_nano::text, s.end_unix_nano::text, s.status_code, s.status_message, s.attributes, s.resource, s.scope, s.events, s.links
         FROM trace_spans s
        WHERE s.trace_id = ANY($1)
          AND (s.parent_span_id IS NULL OR NOT EXISTS (SELECT 1 FROM trace_spans p WHERE p.trace_id = s.trace_id AND p.span_id = s.parent_span_id))
        ORDER BY s.trace_id, s.start_unix_nano`,
      [traceIds],
    );
    return rows.map(toSpan);
  }

  /** Deletes up to `batch` spans received before `cutoff`; returns how many. */
  async purge(cutoff: Date, batch: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query(
      `WITH purged AS (DELETE FROM trace_spans WHERE ctid IN (SELECT ctid FROM trace_spans WHERE received_at < $1 LIMIT $2) RETURNING 1)
       SELECT count(*)::int AS n FROM purged`,
      [cutoff, batch],
    );
    return n;
  }
}
