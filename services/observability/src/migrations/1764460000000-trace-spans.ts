import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Spans received over OTLP/HTTP, kept for TRACES_RETENTION_DAYS. */
export class TraceSpans1764460000000 implements MigrationInterface {
  name = 'TraceSpans1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trace_spans (
        trace_id text NOT NULL,
        span_id text NOT NULL,
        parent_span_id text,
        name text NOT NULL,
        kind smallint NOT NULL,
        service_name text NOT NULL,
        org_id text,
        model text,
        start_unix_nano bigint NOT NULL,
        end_unix_nano bigint NOT NULL,
        start_time timestamptz NOT NULL,
        status_code smallint NOT NULL,
        status_message text,
        attributes jsonb NOT NULL,
        resource jsonb NOT NULL,
        scope jsonb,
        events jsonb NOT NULL,
        links jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (trace_id, span_id)
      )`);
    await q.query(`CREATE INDEX trace_spans_org_time ON trace_spans (org_id, start_time DESC) WHERE org_id IS NOT NULL`);
    await q.query(`CREATE INDEX trace_spans_received ON trace_spans (received_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE trace_spans`);
  }
}
