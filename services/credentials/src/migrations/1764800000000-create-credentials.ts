import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCredentials1764800000000 implements MigrationInterface {
  name = 'CreateCredentials1764800000000';

  async up(q: QueryRunner): Promise<void> {
    // Built-in secret store: per-org data keys wrapped by a KEK, versions sealed by the data key.
    await q.query(`
      CREATE TABLE data_keys (
        org_id text NOT NULL,
        id uuid NOT NULL,
        kek_id text NOT NULL,
        wrapped bytea NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        rewrapped_at timestamptz,
        PRIMARY KEY (org_id, id)
      )`);
    await q.query(`CREATE UNIQUE INDEX data_keys_one_active ON data_keys (org_id) WHERE active`);
    await q.query(`CREATE INDEX data_keys_kek ON data_keys (kek_id)`);
    await q.query(`
      CREATE TABLE secrets (
        org_id text NOT NULL,
        credential_id uuid NOT NULL,
        latest_version integer NOT NULL DEFAULT 0,
        max_versions integer NOT NULL,
        custom jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, credential_id)
      )`);
    await q.query(`
      CREATE TABLE secret_versions (
        org_id text NOT NULL,
        credential_id uuid NOT NULL,
        version integer NOT NULL,
        data_key_id uuid,
        ciphertext bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        destroyed boolean NOT NULL DEFAULT false,
        PRIMARY KEY (org_id, credential_id, version),
        FOREIGN KEY (org_id, credential_id) REFERENCES secrets (org_id, credential_id) ON DELETE CASCADE,
        CHECK (destroyed OR ciphertext IS NOT NULL)
      )`);

    // The service's registry: which credential serves which version, bindings, rotations.
    await q.query(`
      CREATE TABLE credentials (
        org_id text NOT NULL,
        id uuid NOT NULL,
        name text NOT NULL,
        provider text NOT NULL,
        owner_team text,
        current_version integer,
        previous_version integer,
        previous_valid_until timestamptz,
        provider_config jsonb NOT NULL DEFAULT '{}',
        key_refs jsonb NOT NULL DEFAULT '{}',
        rotation_mode text NOT NULL,
        rotation_interval_days integer NOT NULL,
        grace_period_seconds integer NOT NULL,
        last_rotated_at timestamptz,
        next_rotation_at timestamptz,
        last_reminded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, name)
      )`);
    await q.query(`CREATE INDEX credentials_due ON credentials (next_rotation_at) WHERE rotation_mode <> 'none'`);
    await q.query(`
      CREATE TABLE deployment_bindings (
        org_id text NOT NULL,
        deployment text NOT NULL,
        credential_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, deployment),
        FOREIGN KEY (org_id, credential_id) REFERENCES credentials (org_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE rotations (
        org_id text NOT NULL,
        id uuid NOT NULL,
        credential_id uuid NOT NULL,
        mode text NOT NULL,
        stage text NOT NULL,
        from_version integer,
        pending_version integer,
        pending_key_ref jsonb,
        started_at timestamptz NOT NULL DEFAULT now(),
        promoted_at timestamptz,
        finished_at timestamptz,
        outcome text,
        error text,
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, credential_id) REFERENCES credentials (org_id, id) ON DELETE CASCADE
      )`);
    // At most one rotation in flight per credential.
    await q.query(`CREATE UNIQUE INDEX rotations_one_open ON rotations (org_id, credential_id) WHERE finished_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rotations`);
    await q.query(`DROP TABLE deployment_bindings`);
    await q.query(`DROP TABLE credentials`);
    await q.query(`DROP TABLE secret_versions`);
    await q.query(`DROP TABLE secrets`);
    await q.query(`DROP TABLE data_keys`);
  }
}
