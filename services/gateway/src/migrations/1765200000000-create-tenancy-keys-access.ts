import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenancy (organisations → teams → projects, users, memberships), keys and access requests.
 * Child rows reference their parents by (org_id, id), so a row can never point into another
 * organisation, whatever the code does.
 */
export class CreateTenancyKeysAccess1765200000000 implements MigrationInterface {
  name = 'CreateTenancyKeysAccess1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
        name text NOT NULL,
        allowed_models text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY,
        org_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        slug text NOT NULL,
        name text NOT NULL,
        allowed_models text[] NOT NULL DEFAULT '{}',
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_id, id),
        UNIQUE (org_id, slug)
      )`);
    await q.query(`
      CREATE TABLE projects (
        id uuid PRIMARY KEY,
        org_id text NOT NULL,
        team_id uuid NOT NULL,
        slug text NOT NULL,
        name text NOT NULL,
        allowed_models text[] NOT NULL DEFAULT '{}',
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_id, id),
        UNIQUE (org_id, team_id, slug),
        FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        org_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        email text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_id, id),
        UNIQUE (org_id, email)
      )`);
    await q.query(`
      CREATE TABLE memberships (
        id uuid PRIMARY KEY,
        org_id text NOT NULL,
        user_id uuid NOT NULL,
        team_id uuid,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE NULLS NOT DISTINCT (org_id, user_id, team_id),
        FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX memberships_org_team ON memberships (org_id, team_id)`);
    await q.query(`
      CREATE TABLE keys (
        id uuid PRIMARY KEY,
        org_id text NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('virtual', 'admin')),
        owner_type text NOT NULL CHECK (owner_type IN ('user', 'team', 'project')),
        name text NOT NULL,
        hash bytea NOT NULL UNIQUE,
        hint text NOT NULL,
        team_id uuid,
        project_id uuid,
        user_id uuid,
        allowed_models text[] NOT NULL DEFAULT '{}',
        metadata jsonb NOT NULL DEFAULT '{}',
        tags text[] NOT NULL DEFAULT '{}',
        expires_at timestamptz,
        revoked_at timestamptz,
        rotated_from uuid,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_id, id),
        FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, project_id) REFERENCES projects (org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE,
        CHECK (
          (kind = 'admin' AND owner_type = 'user' AND user_id IS NOT NULL AND team_id IS NULL AND project_id IS NULL)
          OR (kind = 'virtual' AND team_id IS NOT NULL
              AND (owner_type <> 'user' OR user_id IS NOT NULL)
              AND (owner_type <> 'project' OR (project_id IS NOT NULL AND user_id IS NULL))
              AND (owner_type <> 'team' OR (project_id IS NULL AND user_id IS NULL)))
        )
      )`);
    await q.query(`CREATE INDEX keys_org_created ON keys (org_id, kind, id)`);
    await q.query(`CREATE INDEX keys_org_team ON keys (org_id, team_id)`);
    await q.query(`CREATE INDEX keys_org_user ON keys (org_id, user_id)`);
    await q.query(`
      CREATE TABLE access_requests (
        id uuid PRIMARY KEY,
        org_id text NOT NULL,
        key_id uuid NOT NULL,
        team_id uuid NOT NULL,
        project_id uuid,
        user_id uuid,
        model text NOT NULL,
        reason text,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'denied')),
        denied_by text[] NOT NULL,
        granted_at text[] NOT NULL DEFAULT '{}',
        granted_pattern text,
        decided_by text,
        decided_at timestamptz,
        decision_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (org_id, key_id) REFERENCES keys (org_id, id) ON DELETE CASCADE,
        FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX access_requests_one_pending ON access_requests (org_id, key_id, model) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX access_requests_org_team ON access_requests (org_id, team_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['access_requests', 'keys', 'memberships', 'users', 'projects', 'teams', 'organisations']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
