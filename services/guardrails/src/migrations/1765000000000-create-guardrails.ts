import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGuardrails1765000000000 implements MigrationInterface {
  name = 'CreateGuardrails1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policy_versions (
        org_id text NOT NULL,
        scope text NOT NULL,
        version int NOT NULL,
        source text NOT NULL,
        document jsonb NOT NULL,
        sha256 text NOT NULL,
        description text,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, scope, version)
      )`);
    await q.query(`
      CREATE TABLE active_policies (
        org_id text NOT NULL,
        scope text NOT NULL,
        version int NOT NULL,
        activated_by text,
        activated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, scope),
        FOREIGN KEY (org_id, scope, version) REFERENCES policy_versions (org_id, scope, version)
      )`);
    await q.query(`
      CREATE TABLE approvals (
        id text PRIMARY KEY,
        org_id text NOT NULL,
        kind text NOT NULL,
        tool text,
        request_id text,
        principal jsonb,
        risk text NOT NULL,
        reason text NOT NULL,
        arguments_preview text,
        approvers jsonb,
        status text NOT NULL,
        workflow_id text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        decided_by text,
        decided_at timestamptz,
        comment text
      )`);
    await q.query(`CREATE INDEX approvals_org_status ON approvals (org_id, status, requested_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE approvals`);
    await q.query(`DROP TABLE active_policies`);
    await q.query(`DROP TABLE policy_versions`);
  }
}
