import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export type RotationMode = 'automatic' | 'manual' | 'none';

/** A credential as the service tracks it: which version is served, and how it rotates. No value. */
export interface CredentialRecord {
  orgId: string;
  id: string;
  name: string;
  provider: string;
  ownerTeam: string | null;
  /** The version leases hand out. */
  currentVersion: number | null;
  /** The version before the last rotation, still valid at the provider until `previousValidUntil`. */
  previousVersion: number | null;
  previousValidUntil: Date | null;
  /** Non-secret provider settings: project id, IAM user name, Azure account… */
  providerConfig: Record<string, unknown>;
  /** Non-secret provider key ids per version (`{"3": {"keyId": "AKIA…"}}`), used to revoke them. */
  keyRefs: Record<string, Record<string, unknown>>;
  rotationMode: RotationMode;
  rotationIntervalDays: number;
  gracePeriodSeconds: number;
  lastRotatedAt: Date | null;
  nextRotationAt: Date | null;
  lastRemindedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type RotationStage = 'pending-created' | 'started' | 'tested' | 'promoted' | 'revoked' | 'completed' | 'aborted';

export interface RotationRecord {
  orgId: string;
  id: string;
  credentialId: string;
  mode: 'automatic' | 'manual';
  stage: RotationStage;
  fromVersion: number | null;
  pendingVersion: number | null;
  pendingKeyRef: Record<string, unknown> | null;
  startedAt: Date;
  promotedAt: Date | null;
  finishedAt: Date | null;
  outcome: string | null;
  error: string | null;
}

interface CredentialRow {
  org_id: string;
  id: string;
  name: string;
  provider: string;
  owner_team: string | null;
  current_version: number | null;
  previous_version: number | null;
  previous_valid_until: Date | null;
  provider_config: Record<string, unknown>;
  key_refs: Record<string, Record<string, unknown>>;
  rotation_mode: RotationMode;
  rotation_interval_days: number;
  grace_period_seconds: number;
  last_rotated_at: Date | null;
  next_rotation_at: Date | null;
  last_reminded_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toRecord = (r: CredentialRow): CredentialRecord => ({
  orgId: r.org_id,
  id: r.id,
  name: r.name,
  provider: r.provider,
  ownerTeam: r.owner_team,
  currentVersion: r.current_version,
  previousVersion: r.previous_version,
  previousValidUntil: r.previous_valid_until,
  providerConfig: r.provider_config,
  keyRefs: r.key_refs,
  rotationMode: r.rotation_mode,
  rotationIntervalDays: r.rotation_interval_days,
  gracePeriodSeconds: r.grace_period_seconds,
  lastRotatedAt: r.last_rotated_at,
  nextRotationAt: r.next_rotation_at,
  lastRemindedAt: r.last_reminded_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

interface RotationRow {
  org_id: string;
  id: string;
  credential_id: string;
  mode: 'automatic' | 'manual';
  stage: RotationStage;
  from_version: number | null;
  pending_version: number | null;
  pending_key_ref: Record<string, unknown> | null;
  started_at: Date;
  promoted_at: Date | null;
  finished_at: Date | null;
  outcome: string | null;
  error: string | null;
}

const toRotation = (r: RotationRow): RotationRecord => ({
  orgId: r.org_id,
  id: r.id,
  credentialId: r.credential_id,
  mode: r.mode,
  stage: r.stage,
  fromVersion: r.from_version,
  pendingVersion: r.pending_version,
  pendingKeyRef: r.pending_key_ref,
  startedAt: r.started_at,
  promotedAt: r.promoted_at,
  finishedAt: r.finished_at,
  outcome: r.outcome,
  error: r.error,
});

const DAY_MS = 24 * 60 * 60 * 1000;
export const nextRotation = (from: Date, intervalDays: number, mode: RotationMode): Date | null =>
  mode === 'none' ? null : new Date(from.getTime() + intervalDays * DAY_MS);

/**
 * The only code that touches the registry tables (credentials, deployment_bindings, rotations).
 * Every statement filters by org id, except `findDue`, the reminder scan across orgs.
 */
@Injectable()
export class CredentialRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(r: Omit<CredentialRecord, 'createdAt' | 'updatedAt' | 'lastRemindedAt' | 'previousVersion' | 'previousValidUntil'>): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO credentials (org_id, id, name, provider, owner_team, current_version, provider_config, key_refs, rotation_mode,
         rotation_interval_days, grace_period_seconds, last_rotated_at, next_rotation_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING RETURNING 1`,
      [
        r.orgId,
        r.id,
        r.name,
        r.provider,
        r.ownerTeam,
        r.currentVersion,
        JSON.stringify(r.providerConfig),
        JSON.stringify(r.keyRefs),
        r.rotationMode,
        r.rotationIntervalDays,
        r.gracePeriodSeconds,
        r.lastRotatedAt,
        r.nextRotationAt,
      ],
    )) as unknown[];
    return rows.length === 1;
  }

  async find(orgId: string, id: string, m: EntityManager = this.db.manager): Promise<CredentialRecord | undefined> {
    const [row] = (await m.query(`SELECT * FROM credentials WHERE org_id = $1 AND id = $2`, [orgId, id])) as CredentialRow[];
    return row && toRecord(row);
  }

  async list(orgId: string, limit: number, afterName?: string): Promise<CredentialRecord[]> {
    const rows = (await this.db.query(`SELECT * FROM credentials WHERE org_id = $1 AND ($2::text IS NULL OR name > $2) ORDER BY name LIMIT $3`, [
      orgId,
      afterName ?? null,
      limit,
    ])) as CredentialRow[];
    return rows.map(toRecord);
  }

  async update(
    orgId: string,
    id: string,
    patch: Partial<Pick<CredentialRecord, 'ownerTeam' | 'providerConfig' | 'rotationMode' | 'rotationIntervalDays' | 'gracePeriodSeconds' | 'nextRotationAt' | 'lastRemindedAt'>>,
  ): Promise<void> {
    const columns: Record<string, unknown> = {
      owner_team: patch.ownerTeam,
      provider_config: patch.providerConfig && JSON.stringify(patch.providerConfig),
      rotation_mode: patch.rotationMode,
      rotation_interval_days: patch.rotationIntervalDays,
      grace_period_seconds: patch.gracePeriodSeconds,
      next_rotation_at: patch.nextRotationAt,
      last_reminded_at: patch.lastRemindedAt,
    };
    const set = Object.entries(columns).filter(([, v]) => v !== undefined);
    if (set.length === 0) return;
    await this.db.query(
      `UPDATE credentials SET ${set.map(([c], i) => `${c} = $${i + 3}`).join(', ')}, updated_at = now() WHERE org_id = $1 AND id = $2`,
      [orgId, id, ...set.map(([, v]) => v)],
    );
  }

  /**
   * Makes `version` the served one if the served one is still `expectedCurrent` (compare-and-set,
   * so two promotions cannot interleave). The old one becomes `previous` until `validUntil`.
   */
  async promote(orgId: string, id: string, expectedCurrent: number | null, version: number, validUntil: Date | null, keyRef?: Record<string, unknown>): Promise<boolean> {
    const [, n] = (await this.db.query(
      `UPDATE credentials SET previous_version = current_version, previous_valid_until = CASE WHEN current_version IS NULL THEN NULL ELSE $5::timestamptz END,
         current_version = $4, last_rotated_at = now(),
         next_rotation_at = CASE WHEN rotation_mode = 'none' THEN NULL ELSE now() + rotation_interval_days * interval '1 day' END,
         last_reminded_at = NULL,
         key_refs = CASE WHEN $6::jsonb IS NULL THEN key_refs ELSE key_refs || jsonb_build_object($7::text, $6::jsonb) END,
         updated_at = now()
       WHERE org_id = $1 AND id = $2 AND current_version IS NOT DISTINCT FROM $3`,
      [orgId, id, expectedCurrent, version, validUntil, keyRef ? JSON.stringify(keyRef) : null, String(version)],
    )) as [unknown[], number];
    return n === 1;
  }

  /** Forgets the previous version once it is revoked (only if it is still that version). */
  async clearPrevious(orgId: string, id: string, previous: number): Promise<void> {
    await this.db.query(
      `UPDATE credentials SET previous_version = NULL, previous_valid_until = NULL, key_refs = key_refs - $3::text, updated_at = now()
       WHERE org_id = $1 AND id = $2 AND previous_version = $4`,
      [orgId, id, String(previous), previous],
    );
  }

  async remove(orgId: string, id: string): Promise<boolean> {
    const [, n] = (await this.db.query(`DELETE FROM credentials WHERE org_id = $1 AND id = $2`, [orgId, id])) as [unknown[], number];
    return n === 1;
  }

  async bind(orgId: string, deployment: string, credentialId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO deployment_bindings (org_id, deployment, credential_id) VALUES ($1, $2, $3)
       ON CONFLICT (org_id, deployment) DO UPDATE SET credential_id = EXCLUDED.credential_id, created_at = now()`,
      [orgId, deployment, credentialId],
    );
  }

  async unbind(orgId: string, deployment: string): Promise<string | undefined> {
    const [rows] = (await this.db.query(`DELETE FROM deployment_bindings WHERE org_id = $1 AND deployment = $2 RETURNING credential_id`, [orgId, deployment])) as [
      { credential_id: string }[],
      number,
    ];
    return rows[0]?.credential_id;
  }

  async bindings(orgId: string): Promise<{ deployment: string; credentialId: string; createdAt: Date }[]> {
    const rows = (await this.db.query(`SELECT deployment, credential_id, created_at FROM deployment_bindings WHERE org_id = $1 ORDER BY deployment`, [orgId])) as {
      deployment: string;
      credential_id: string;
      created_at: Date;
    }[];
    return rows.map((r) => ({ deployment: r.deployment, credentialId: r.credential_id, createdAt: r.created_at }));
  }

  /** The lease path: which credential and version serve a deployment (one indexed query). */
  async resolve(orgId: string, deployment: string): Promise<{ id: string; provider: string; currentVersion: number | null } | undefined> {
    const [row] = (await this.db.query(
      `SELECT c.id, c.provider, c.current_version FROM deployment_bindings b
       JOIN credentials c ON c.org_id = b.org_id AND c.id = b.credential_id
       WHERE b.org_id = $1 AND b.deployment = $2`,
      [orgId, deployment],
    )) as { id: string; provider: string; current_version: number | null }[];
    return row && { id: row.id, provider: row.provider, currentVersion: row.current_version };
  }

  // ---- rotations

  async insertRotation(r: Pick<RotationRecord, 'orgId' | 'id' | 'credentialId' | 'mode' | 'stage' | 'fromVersion' | 'pendingVersion'>): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO rotations (org_id, id, credential_id, mode, stage, from_version, pending_version) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [r.orgId, r.id, r.credentialId, r.mode, r.stage, r.fromVersion, r.pendingVersion],
    )) as unknown[];
    return rows.length === 1;
  }

  async findRotation(orgId: string, id: string): Promise<RotationRecord | undefined> {
    const [row] = (await this.db.query(`SELECT * FROM rotations WHERE org_id = $1 AND id = $2`, [orgId, id])) as RotationRow[];
    return row && toRotation(row);
  }

  async openRotation(orgId: string, credentialId: string): Promise<RotationRecord | undefined> {
    const [row] = (await this.db.query(`SELECT * FROM rotations WHERE org_id = $1 AND credential_id = $2 AND finished_at IS NULL`, [orgId, credentialId])) as RotationRow[];
    return row && toRotation(row);
  }

  async listRotations(orgId: string, credentialId: string, limit = 20): Promise<RotationRecord[]> {
    const rows = (await this.db.query(`SELECT * FROM rotations WHERE org_id = $1 AND credential_id = $2 ORDER BY started_at DESC LIMIT $3`, [
      orgId,
      credentialId,
      limit,
    ])) as RotationRow[];
    return rows.map(toRotation);
  }

  async updateRotation(
    orgId: string,
    id: string,
    patch: Partial<Pick<RotationRecord, 'stage' | 'pendingVersion' | 'pendingKeyRef' | 'promotedAt' | 'finishedAt' | 'outcome' | 'error'>>,
  ): Promise<void> {
    const columns: Record<string, unknown> = {
      stage: patch.stage,
      pending_version: patch.pendingVersion,
      pending_key_ref: patch.pendingKeyRef === undefined ? undefined : JSON.stringify(patch.pendingKeyRef),
      promoted_at: patch.promotedAt,
      finished_at: patch.finishedAt,
      outcome: patch.outcome,
      error: patch.error,
    };
    const set = Object.entries(columns).filter(([, v]) => v !== undefined);
    if (set.length === 0) return;
    await this.db.query(`UPDATE rotations SET ${set.map(([c], i) => `${c} = $${i + 3}`).join(', ')} WHERE org_id = $1 AND id = $2`, [
      orgId,
      id,
      ...set.map(([, v]) => v),
    ]);
  }

  /**
   * Credentials due for rotation whose owners have not been reminded since `remindedBefore`: the
   * reminder scan, the one query that spans orgs (it runs as the platform, and returns ids).
   */
  async findDue(now: Date, remindedBefore: Date, limit: number): Promise<CredentialRecord[]> {
    const rows = (await this.db.query(
      `SELECT * FROM credentials WHERE rotation_mode <> 'none' AND next_rotation_at <= $1
         AND (last_reminded_at IS NULL OR last_reminded_at < $2) ORDER BY next_rotation_at LIMIT $3`,
      [now, remindedBefore, limit],
    )) as CredentialRow[];
    return rows.map(toRecord);
  }
}
