import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Error tracking: failures grouped per org by fingerprint, and the latest occurrences of each group. */
export class ErrorGroups1764490000000 implements MigrationInterface {
  name = 'ErrorGroups1764490000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE error_groups (
        org_id text NOT NULL,
        fingerprint text NOT NULL,
        service text NOT NULL,
        name text NOT NULL,
        location text NOT NULL,
        sample_message text NOT NULL,
        sample_stack jsonb NOT NULL,
        count bigint NOT NULL,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        sample_trace_id text,
        last_error_id text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        resolved_at timestamptz,
        PRIMARY KEY (org_id, fingerprint)
      )`);
    await q.query(`CREATE INDEX error_groups_by_last_seen ON error_groups (org_id, last_seen DESC, fingerprint DESC)`);
    await q.query(`
      CREATE TABLE error_occurrences (
        event_id text PRIMARY KEY,
        org_id text NOT NULL,
        fingerprint text NOT NULL,
        error_id text NOT NULL,
        service text NOT NULL,
        location text NOT NULL,
        message text NOT NULL,
        trace_id text,
        count integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX error_occurrences_by_group ON error_occurrences (org_id, fingerprint, occurred_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE error_occurrences`);
    await q.query(`DROP TABLE error_groups`);
  }
}
