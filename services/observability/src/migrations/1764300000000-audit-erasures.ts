import type { MigrationInterface, QueryRunner } from 'typeorm';

/** GDPR erasures: which requests pseudonymised entries of an org (entries name theirs in `erasure_id`). */
export class AuditErasures1764300000000 implements MigrationInterface {
  name = 'AuditErasures1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_entries ALTER COLUMN erasure_id TYPE text`);
    await q.query(`
      CREATE TABLE audit_erasures (
        org_id text NOT NULL,
        erasure_id text NOT NULL,
        pseudonym text NOT NULL,
        entries integer NOT NULL,
        completed_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, erasure_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_erasures`);
    await q.query(`ALTER TABLE audit_entries ALTER COLUMN erasure_id TYPE uuid USING erasure_id::uuid`);
  }
}
