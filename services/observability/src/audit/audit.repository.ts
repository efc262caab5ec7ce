import { pipeline, type Readable, Transform } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import type { DataSource } from 'typeorm';
import { queryRows } from '@ironcage/kit';
import type { AuditActor } from './chain/audit-chain';
import { type AuditFilter, filterSql } from './query-entries/audit-filters';

/** An entry as the query API and the export show it. */
export interface AuditEntryRow {
  id: string;
  orgId: string;
  seq: number;
  eventId: string;
  action: string;
  source: string;
  occurredAt: Date;
  recordedAt: Date;
  traceId: string | null;
  actor: AuditActor | null;
  resource: string | null;
  outcome: string | null;
  summary: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
  personalDigest: string;
  erased: boolean;
}

interface Row {
  id: string;
  org_id: string;
  chain_seq: string;
  event_id: string;
  action: string;
  source: string;
  occurred_at: Date;
  recorded_at: Date;
  trace_id: string | null;
  actor: AuditActor | null;
  resource: string | null;
  outcome: string | null;
  summary: string | null;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  personal_digest: string;
  erased: boolean;
}

const COLUMNS = `id, org_id, chain_seq, event_id, action, source, occurred_at, recorded_at, trace_id, actor, resource, outcome, summary, data,
  prev_hash, hash, personal_digest, erasure_id IS NOT NULL AS erased`;

export const toEntryRow = (r: Row): AuditEntryRow => ({
  id: r.id,
  orgId: r.org_id,
  seq: Number(r.chain_seq),
  eventId: r.event_id,
  action: r.action,
  source: r.source,
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
  traceId: r.trace_id,
  actor: r.actor,
  resource: r.resource,
  outcome: r.outcome,
  summary: r.summary,
  data: r.data,
  prevHash: r.prev_hash,
  hash: r.hash,
  personalDigest: r.personal_digest,
  erased: r.erased,
});

/** The personal fields of one entry. */
export interface PersonalRow {
  id: string;
  seq: number;
  actor: AuditActor | null;
  resource: string | null;
  summary: string | null;
  data: Record<string, unknown>;
}

export interface RetentionSetting {
  orgId: string;
  retentionDays: number;
  updatedAt: Date;
}

/** Reads of audit entries and the per-org retention settings. Every query is scoped by org. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One page in chain order, after (or, descending, before) `cursorSeq`. */
  async find(filter: AuditFilter, page: { order: 'asc' | 'desc'; cursorSeq?: number; limit: number }): Promise<AuditEntryRow[]> {
    const { where, params } = filterSql(filter);
    let sql = `SELECT ${COLUMNS} FROM audit_entries WHERE ${where}`;
    if (page.cursorSeq !== undefined) {
      params.push(page.cursorSeq);
      sql += ` AND chain_seq ${page.order === 'asc' ? '>' : '<'} $${params.length}`;
    }
    params.push(page.limit);
    sql += ` ORDER BY chain_seq ${page.order === 'asc' ? 'ASC' : 'DESC'} LIMIT $${params.length}`;
    return ((await this.db.query(sql, params)) as Row[]).map(toEntryRow);
  }

  /**
   * Every entry matching `filter`, in chain order, as a stream of `AuditEntryRow`s read from a server-side
   * cursor `batchSize` rows at a time: memory stays flat however many rows match. The database
   * connection goes back to the pool when the stream ends, fails or is destroyed.
   */
  async stream(filter: AuditFilter, batchSize = 500): Promise<Readable> {
    const { where, params } = filterSql(filter);
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      void runner.release();
    };
    try {
      const rows = client.query(new QueryStream(`SELECT ${COLUMNS} FROM audit_entries WHERE ${where} ORDER BY chain_seq`, params, { batchSize }));
      rows.once('close', release);
      rows.once('error', release);
      const entries = new Transform({
        objectMode: true,
        transform(row: Row, _enc, done) {
          done(null, toEntryRow(row));
        },
      });
      // destroying `entries` (the caller went away) destroys the cursor stream too, which releases the connection
      return pipeline(rows, entries, () => release());
    } catch (e) {
      release();
      throw e;
    }
  }

  /** Counts of one org's entries that occurred in [from, to), by action, outcome and the detail a report needs. */
  async summarise(orgId: string, from: Date, to: Date): Promise<{ action: string; outcome: string | null; detail: string | null; n: number }[]> {
    return (await this.db.query(
      `SELECT action, outcome,
              CASE action
                WHEN 'admin.changed' THEN data->>'action'
                WHEN 'policy.violated' THEN (data->>'scanner') || ':' || (data->>'action')
                WHEN 'policy.approval-decided' THEN data->>'decision'
                WHEN 'credential.accessed' THEN data->>'action'
                WHEN 'privacy.erasure-completed' THEN data->>'service'
              END AS detail,
              count(*)::int AS n
         FROM audit_entries WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [orgId, from, to],
    )) as { action: string; outcome: string | null; detail: string | null; n: number }[];
  }

  /** Entries of the org whose personal fields mention `text` somewhere (a superset: callers check precisely). */
  async entriesMentioning(orgId: string, text: string, afterSeq: number, limit: number): Promise<PersonalRow[]> {
    const rows = (await this.db.query(
      `SELECT id, chain_seq, actor, resource, summary, data FROM audit_entries
        WHERE org_id = $1 AND chain_seq > $2
          AND strpos(coalesce(actor::text, '') || ' ' || coalesce(resource, '') || ' ' || coalesce(summary, '') || ' ' || data::text, $3) > 0
        ORDER BY chain_seq LIMIT $4`,
      [orgId, afterSeq, text, limit],
    )) as { id: string; chain_seq: string; actor: AuditActor | null; resource: string | null; summary: string | null; data: Record<string, unknown> }[];
    return rows.map((r) => ({ id: r.id, seq: Number(r.chain_seq), actor: r.actor, resource: r.resource, summary: r.summary, data: r.data }));
  }

  /**
   * Replaces the personal fields of entries by their pseudonymised form and drops their salts: the
   * stored digests keep the chain intact, and nobody can test the old values against them any more.
   */
  async pseudonymise(orgId: string, erasureId: string, rows: PersonalRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `UPDATE audit_entries e SET actor = x.actor, resource = x.resource, summary = x.summary, data = x.data, personal_salt = NULL, erasure_id = $3
         FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, actor jsonb, resource text, summary text, data jsonb)
        WHERE e.org_id = $1 AND e.id = x.id`,
      [orgId, JSON.stringify(rows.map((r) => ({ id: r.id, actor: r.actor, resource: r.resource, summary: r.summary, data: r.data }))), erasureId],
    );
  }

  async recordErasure(orgId: string, erasureId: string, pseudonym: string, entries: number, now: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO audit_erasures (org_id, erasure_id, pseudonym, entries, completed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (org_id, erasure_id) DO UPDATE SET entries = audit_erasures.entries + EXCLUDED.entries, completed_at = EXCLUDED.completed_at`,
      [orgId, erasureId, pseudonym, entries, now],
    );
  }

  async retention(orgId: string): Promise<RetentionSetting | null> {
    const rows = (await this.db.query(`SELECT org_id, retention_days, updated_at FROM audit_retention_settings WHERE org_id = $1`, [orgId])) as {
      org_id: string;
      retention_days: number;
      updated_at: Date;
    }[];
    return rows.length ? { orgId: rows[0].org_id, retentionDays: rows[0].retention_days, updatedAt: rows[0].updated_at } : null;
  }

  async setRetention(orgId: string, retentionDays: number, now: Date): Promise<RetentionSetting> {
    await this.db.query(
      `INSERT INTO audit_retention_settings (org_id, retention_days, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (org_id) DO UPDATE SET retention_days = EXCLUDED.retention_days, updated_at = EXCLUDED.updated_at`,
      [orgId, retentionDays, now],
    );
    return { orgId, retentionDays, updatedAt: now };
  }

  /** True when a setting was removed. */
  async clearRetention(orgId: string): Promise<boolean> {
    return queryRows(await this.db.query(`DELETE FROM audit_retention_settings WHERE org_id = $1 RETURNING org_id`, [orgId])).length > 0;
  }

  /** Whether the org's trail holds the entry of this event (looked up by the unique org + event id). */
  async hasEvent(orgId: string, eventId: string): Promise<boolean> {
    const rows = (await this.db.query(`SELECT 1 FROM audit_entries WHERE org_id = $1 AND event_id = $2 LIMIT 1`, [orgId, eventId])) as unknown[];
    return rows.length > 0;
  }

  /** Orgs that have a chain, after `afterOrgId` in id order, with their own retention if they set one. */
  async orgsWithChains(afterOrgId: string, limit: number): Promise<{ orgId: string; retentionDays: number | null }[]> {
    const rows = (await this.db.query(
      `SELECT h.org_id, s.retention_days FROM audit_chain_heads h LEFT JOIN audit_retention_settings s ON s.org_id = h.org_id
        WHERE h.org_id > $1 ORDER BY h.org_id LIMIT $2`,
      [afterOrgId, limit],
    )) as { org_id: string; retention_days: number | null }[];
    return rows.map((r) => ({ orgId: r.org_id, retentionDays: r.retention_days }));
  }
}
