import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditEntries1764100000000 implements MigrationInterface {
  name = 'CreateAuditEntries1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_entries (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        org_id text NOT NULL,
        event_id text NOT NULL UNIQUE,
        action text NOT NULL,
        source text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        trace_id text,
        actor jsonb,
        resource text,
        outcome text,
        data jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_entries_org_seq ON audit_entries (org_id, seq)`);
    await q.query(`CREATE INDEX audit_entries_org_trace ON audit_entries (org_id, trace_id)`);
    await q.query(`CREATE INDEX audit_entries_occurred_at ON audit_entries (occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_entries`);
  }
}
