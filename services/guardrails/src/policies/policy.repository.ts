import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PolicyVersionRow {
  orgId: string;
  scope: string;
  version: number;
  source: string;
  sha256: string;
  description: string | null;
  createdBy: string | null;
  createdAt: Date;
  active: boolean;
}

export interface ActivePolicyRow {
  scope: string;
  version: number;
  source: string;
  sha256: string;
  activatedAt: Date;
  activatedBy: string | null;
}

export interface NewPolicyVersion {
  orgId: string;
  scope: string;
  source: string;
  document: object;
  sha256: string;
  description: string | null;
  createdBy: string | null;
}

export interface Activation {
  version: number;
  previousVersion: number | null;
  sha256: string;
}

interface VersionSqlRow {
  org_id: string;
  scope: string;
  version: number;
  source: string;
  sha256: string;
  description: string | null;
  created_by: string | null;
  created_at: Date;
  active: boolean;
}

const toVersion = (r: VersionSqlRow): PolicyVersionRow => ({
  orgId: r.org_id,
  scope: r.scope,
  version: r.version,
  source: r.source,
  sha256: r.sha256,
  description: r.description,
  createdBy: r.created_by,
  createdAt: r.created_at,
  active: r.active,
});

/** The only code touching policy_versions and active_policies. Every statement is scoped by org. */
@Injectable()
export class PolicyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores the next version of a scope (versions count from 1 per org and scope); activates it when asked. */
  async addVersion(v: NewPolicyVersion, activate: boolean): Promise<{ version: number; activation: Activation | null }> {
    return this.db.transaction(async (tx) => {
      // one writer per org scope at a time, so version numbers never collide
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [v.orgId, v.scope]);
      const [{ next }] = (await tx.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM policy_versions WHERE org_id = $1 AND scope = $2`, [
        v.orgId,
        v.scope,
      ])) as { next: number }[];
      await tx.query(
        `INSERT INTO policy_versions (org_id, scope, version, source, document, sha256, description, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [v.orgId, v.scope, next, v.source, v.document, v.sha256, v.description, v.createdBy],
      );
      if (!activate) return { version: next, activation: null };
      const previous = await this.upsertActive(tx.query.bind(tx), v.orgId, v.scope, next, v.createdBy);
      return { version: next, activation: { version: next, previousVersion: previous, sha256: v.sha256 } };
    });
  }

  /** Makes `version` the active one of the scope; null when that version does not exist. */
  async activate(orgId: string, scope: string, version: number, by: string | null): Promise<Activation | null> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [orgId, scope]);
      const rows = (await tx.query(`SELECT sha256 FROM policy_versions WHERE org_id = $1 AND scope = $2 AND version = $3`, [orgId, scope, version])) as {
        sha256: string;
      }[];
      if (rows.length === 0) return null;
      const previous = await this.upsertActive(tx.query.bind(tx), orgId, scope, version, by);
      return { version, previousVersion: previous, sha256: rows[0].sha256 };
    });
  }

  private async upsertActive(query: (sql: string, params: unknown[]) => Promise<unknown>, orgId: string, scope: string, version: number, by: string | null) {
    const prev = (await query(`SELECT version FROM active_policies WHERE org_id = $1 AND scope = $2`, [orgId, scope])) as { version: number }[];
    await query(
      `INSERT INTO active_policies (org_id, scope, version, activated_by, activated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (org_id, scope) DO UPDATE SET version = EXCLUDED.version, activated_by = EXCLUDED.activated_by, activated_at = now()`,
      [orgId, scope, version, by],
    );
    return prev[0]?.version ?? null;
  }

  /** The active version of every scope of one org, with its source. */
  async activeForOrg(orgId: string): Promise<ActivePolicyRow[]> {
    const rows = (await this.db.query(
      `SELECT a.scope, a.version, v.source, v.sha256, a.activated_at, a.activated_by
         FROM active_policies a JOIN policy_versions v USING (org_id, scope, version)
        WHERE a.org_id = $1 ORDER BY a.scope`,
      [orgId],
    )) as { scope: string; version: number; source: string; sha256: string; activated_at: Date; activated_by: string | null }[];
    return rows.map((r) => ({ scope: r.scope, version: r.version, source: r.source, sha256: r.sha256, activatedAt: r.activated_at, activatedBy: r.activated_by }));
  }

  async versions(orgId: string, scope: string, limit: number): Promise<PolicyVersionRow[]> {
    const rows = (await this.db.query(
      `SELECT v.*, (a.version IS NOT NULL) AS active
         FROM policy_versions v LEFT JOIN active_policies a ON a.org_id = v.org_id AND a.scope = v.scope AND a.version = v.version
        WHERE v.org_id = $1 AND v.scope = $2 ORDER BY v.version DESC LIMIT $3`,
      [orgId, scope, limit],
    )) as VersionSqlRow[];
    return rows.map(toVersion);
  }

  async version(orgId: string, scope: string, version: number): Promise<PolicyVersionRow | null> {
    const rows = (await this.db.query(
      `SELECT v.*, (a.version IS NOT NULL) AS active
         FROM policy_versions v LEFT JOIN active_policies a ON a.org_id = v.org_id AND a.scope = v.scope AND a.version = v.version
        WHERE v.org_id = $1 AND v.scope = $2 AND v.version = $3`,
      [orgId, scope, version],
    )) as VersionSqlRow[];
    return rows[0] ? toVersion(rows[0]) : null;
  }
}
