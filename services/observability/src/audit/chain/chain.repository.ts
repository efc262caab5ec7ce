import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { type AuditActor, type CheckpointKind, GENESIS_HASH } from './audit-chain';
import type { ChainPosition, StoredChainEntry } from './chain-verifier';

export interface ChainHeadState extends ChainPosition {
  entriesSinceCheckpoint: number;
  lastCheckpointAt: Date;
}

/** An entry already in the chain, found again for a redelivered event. */
export interface RecordedRef {
  entryId: string;
  eventId: string;
  seq: number;
  hash: string;
  action: string;
  outcome: string | null;
  recordedAt: Date;
}

export interface NewChainEntry {
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
  salt: Buffer;
}

export interface StoredCheckpoint {
  orgId: string;
  kind: CheckpointKind;
  seq: number;
  hash: string;
  createdAt: Date;
  keyId: string;
  signature: string;
}

/** What one append writes: new entries, the new head, and possibly a checkpoint at it. */
export interface AppendPlan {
  entries: NewChainEntry[];
  head: ChainHeadState;
  checkpoint: StoredCheckpoint | null;
}

interface EntryRow {
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
  personal_salt: Buffer | null;
  personal_digest: string;
  erasure_id: string | null;
}

interface HeadRow {
  seq: string;
  hash: string;
  entries_since_checkpoint: number;
  last_checkpoint_at: Date;
}

interface CheckpointRow {
  org_id: string;
  kind: CheckpointKind;
  seq: string;
  hash: string;
  created_at: Date;
  key_id: string;
  signature: string;
}

const toHead = (r: HeadRow): ChainHeadState => ({
  seq: Number(r.seq),
  hash: r.hash,
  entriesSinceCheckpoint: r.entries_since_checkpoint,
  lastCheckpointAt: r.last_checkpoint_at,
});

const toCheckpoint = (r: CheckpointRow): StoredCheckpoint => ({
  orgId: r.org_id,
  kind: r.kind,
  seq: Number(r.seq),
  hash: r.hash,
  createdAt: r.created_at,
  keyId: r.key_id,
  signature: r.signature,
});

export const toStoredEntry = (r: EntryRow): StoredChainEntry => ({
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
  personalSalt: r.personal_salt,
  personalDigest: r.personal_digest,
  erasureId: r.erasure_id,
});

const ENTRY_COLUMNS = `id, org_id, chain_seq, event_id, action, source, occurred_at, recorded_at, trace_id, actor, resource, outcome, summary, data,
  prev_hash, hash, personal_salt, personal_digest, erasure_id`;

/** Inserts the entries given as a JSON array in `$1`. */
const INSERT_ENTRIES = `INSERT INTO audit_entries (id, org_id, chain_seq, event_id, action, source, occurred_at, recorded_at, trace_id, actor, resource, outcome, summary, data,
                            prev_hash, hash, personal_salt, personal_digest)
  SELECT id, org_id, chain_seq, event_id, action, source, occurred_at, recorded_at, trace_id, actor, resource, outcome, summary, data,
         prev_hash, hash, decode(salt, 'hex'), personal_digest
    FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, org_id text, chain_seq bigint, event_id text, action text, source text, occurred_at timestamptz,
         recorded_at timestamptz, trace_id text, actor jsonb, resource text, outcome text, summary text, data jsonb, prev_hash text, hash text, salt text,
         personal_digest text)`;

const entriesJson = (entries: NewChainEntry[]): string =>
  JSON.stringify(
    entries.map((e) => ({
      id: e.id,
      org_id: e.orgId,
      chain_seq: e.seq,
      event_id: e.eventId,
      action: e.action,
      source: e.source,
      occurred_at: e.occurredAt.toISOString(),
      recorded_at: e.recordedAt.toISOString(),
      trace_id: e.traceId,
      actor: e.actor,
      resource: e.resource,
      outcome: e.outcome,
      summary: e.summary,
      data: e.data,
      prev_hash: e.prevHash,
      hash: e.hash,
      salt: e.salt.toString('hex'),
      personal_digest: e.personalDigest,
    })),
  );

/**
 * The only code that writes the chain: appends (serialised per org by locking the org's chain
 * head row, so replicas never fork a chain while different orgs append in parallel), checkpoints,
 * purges of a chain's oldest entries, and consistent snapshots for verification.
 */
@Injectable()
export class ChainRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * In one transaction: locks the org's chain head (creating it at genesis the first time), finds
   * which of `eventIds` are recorded already, asks `plan` what to append, and writes it.
   */
  async append(
    orgId: string,
    eventIds: string[],
    now: Date,
    plan: (head: ChainHeadState, recorded: Map<string, RecordedRef>) => AppendPlan | null,
  ): Promise<{ recorded: Map<string, RecordedRef>; plan: AppendPlan | null }> {
    return this.db.transaction(async (m) => {
      // one round trip: lock the head and find the events already recorded
      const select = `SELECT h.seq, h.hash, h.entries_since_checkpoint, h.last_checkpoint_at,
               (SELECT coalesce(json_agg(json_build_array(e.id, e.event_id, e.chain_seq, e.hash, e.action, e.outcome, e.recorded_at)), '[]'::json)
                  FROM audit_entries e WHERE e.org_id = $1 AND e.event_id = ANY($2::text[])) AS recorded
          FROM audit_chain_heads h WHERE h.org_id = $1 FOR UPDATE OF h`;
      let rows = (await m.query(select, [orgId, eventIds])) as (HeadRow & { recorded: [string, string, string | number, string, string, string | null, string][] })[];
      if (rows.length === 0) {
        await m.query(
          `INSERT INTO audit_chain_heads (org_id, seq, hash, entries_since_checkpoint, last_checkpoint_at, updated_at)
           VALUES ($1, 0, $2, 0, $3, $3) ON CONFLICT (org_id) DO NOTHING`,
          [orgId, GENESIS_HASH, now],
        );
        rows = (await m.query(select, [orgId, eventIds])) as typeof rows;
      }
      const head = toHead(rows[0]);
      const recorded = new Map(
        rows[0].recorded.map(([entryId, eventId, seq, hash, action, outcome, recordedAt]) => [
          eventId,
          { entryId, eventId, seq: Number(seq), hash, action, outcome, recordedAt: new Date(recordedAt) },
        ]),
      );
      const p = plan(head, recorded);
      if (!p || p.entries.length === 0) return { recorded, plan: null };
      // one round trip: the entries, the new head and the checkpoint, if any
      const c = p.checkpoint;
      await m.query(
        `WITH entries AS (${INSERT_ENTRIES}),
              head AS (UPDATE audit_chain_heads SET seq = $3, hash = $4, entries_since_checkpoint = $5, last_checkpoint_at = $6, updated_at = $7 WHERE org_id = $2)
         ${c ? `INSERT INTO audit_checkpoints (org_id, kind, seq, hash, created_at, key_id, signature) VALUES ($2, $8, $9, $10, $11, $12, $13) ON CONFLICT (org_id, kind, seq) DO NOTHING` : 'SELECT 1'}`,
        [
          entriesJson(p.entries),
          orgId,
          p.head.seq,
          p.head.hash,
          p.head.entriesSinceCheckpoint,
          p.head.lastCheckpointAt,
          now,
          ...(c ? [c.kind, c.seq, c.hash, c.createdAt, c.keyId, c.signature] : []),
        ],
      );
      return { recorded, plan: p };
    });
  }

  /** Orgs whose newest entries have waited for a checkpoint since before `olderThan`. */
  async orgsDueForCheckpoint(olderThan: Date, limit: number): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT org_id FROM audit_chain_heads WHERE entries_since_checkpoint > 0 AND last_checkpoint_at <= $1 ORDER BY last_checkpoint_at LIMIT $2`,
      [olderThan, limit],
    )) as { org_id: string }[];
    return rows.map((r) => r.org_id);
  }

  /**
   * Writes a checkpoint at the org's head if `plan` returns one. Skips an org whose head is locked
   * right now: the append holding it checkpoints when due, and the next sweep sees it again.
   */
  async checkpointHead(orgId: string, now: Date, plan: (head: ChainHeadState) => StoredCheckpoint | null): Promise<StoredCheckpoint | null> {
    return this.db.transaction(async (m) => {
      const rows = (await m.query(
        `SELECT seq, hash, entries_since_checkpoint, last_checkpoint_at FROM audit_chain_heads WHERE org_id = $1 FOR UPDATE SKIP LOCKED`,
        [orgId],
      )) as HeadRow[];
      if (rows.length === 0) return null;
      const checkpoint = plan(toHead(rows[0]));
      if (!checkpoint) return null;
      await this.insertCheckpoint(m, checkpoint);
      await m.query(`UPDATE audit_chain_heads SET entries_since_checkpoint = 0, last_checkpoint_at = $2, updated_at = $2 WHERE org_id = $1`, [orgId, now]);
      return checkpoint;
    });
  }

  /**
   * Deletes the oldest entries of one org's chain — at most `limit`, and only the run of them
   * recorded before `cutoff`, so what is left is still one unbroken chain — and, in the same
   * transaction, the anchor checkpoint `anchor` makes for the last one deleted.
   */
  async purgePrefix(
    orgId: string,
    cutoff: Date,
    limit: number,
    anchor: (last: ChainPosition) => StoredCheckpoint,
  ): Promise<{ purged: number; anchor: StoredCheckpoint | null }> {
    return this.db.transaction(async (m) => {
      // one purge per org at a time; appends go on (they only touch the other end of the chain)
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('observability.audit-purge:' || $1, 0))`, [orgId]);
      const rows = (await m.query(
        `SELECT chain_seq, hash, recorded_at < $2 AS expired FROM audit_entries WHERE org_id = $1 ORDER BY chain_seq LIMIT $3`,
        [orgId, cutoff, limit],
      )) as { chain_seq: string; hash: string; expired: boolean }[];
      const n = rows.findIndex((r) => !r.expired);
      const count = n === -1 ? rows.length : n;
      if (count === 0) return { purged: 0, anchor: null };
      const last = rows[count - 1];
      const checkpoint = anchor({ seq: Number(last.chain_seq), hash: last.hash });
      const deleted = (await m.query(
        `WITH d AS (DELETE FROM audit_entries WHERE org_id = $1 AND chain_seq <= $2 RETURNING 1) SELECT count(*)::int AS n FROM d`,
        [orgId, last.chain_seq],
      )) as { n: number }[];
      await this.insertCheckpoint(m, checkpoint);
      return { purged: deleted[0].n, anchor: checkpoint };
    });
  }

  /** Runs `fn` on one consistent, read-only snapshot of the chain tables. */
  async snapshot<T>(fn: (s: ChainSnapshot) => Promise<T>): Promise<T> {
    const qr = this.db.createQueryRunner('slave');
    await qr.connect();
    try {
      await qr.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        return await fn(new ChainSnapshot(qr));
      } finally {
        await qr.query('ROLLBACK');
      }
    } finally {
      await qr.release();
    }
  }

  private async insertCheckpoint(m: EntityManager, c: StoredCheckpoint): Promise<void> {
    await m.query(
      `INSERT INTO audit_checkpoints (org_id, kind, seq, hash, created_at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (org_id, kind, seq) DO NOTHING`,
      [c.orgId, c.kind, c.seq, c.hash, c.createdAt, c.keyId, c.signature],
    );
  }
}

/** Reads of one org's chain inside a repeatable-read snapshot (see `ChainRepository.snapshot`). */
export class ChainSnapshot {
  constructor(private readonly qr: QueryRunner) {}

  async head(orgId: string): Promise<ChainHeadState | null> {
    const rows = (await this.qr.query(`SELECT seq, hash, entries_since_checkpoint, last_checkpoint_at FROM audit_chain_heads WHERE org_id = $1`, [
      orgId,
    ])) as HeadRow[];
    return rows.length ? toHead(rows[0]) : null;
  }

  /** The newest anchor checkpoint: where the chain starts after a purge. */
  async latestAnchor(orgId: string): Promise<StoredCheckpoint | null> {
    const rows = (await this.qr.query(
      `SELECT org_id, kind, seq, hash, created_at, key_id, signature FROM audit_checkpoints WHERE org_id = $1 AND kind = 'anchor' ORDER BY seq DESC LIMIT 1`,
      [orgId],
    )) as CheckpointRow[];
    return rows.length ? toCheckpoint(rows[0]) : null;
  }

  /** Checkpoints with `afterSeq < seq <= toSeq`, in order (`toSeq` null: no upper bound). */
  async checkpoints(orgId: string, afterSeq: number, toSeq: number | null, limit: number): Promise<StoredCheckpoint[]> {
    const rows = (await this.qr.query(
      `SELECT org_id, kind, seq, hash, created_at, key_id, signature FROM audit_checkpoints
        WHERE org_id = $1 AND seq > $2 AND ($3::bigint IS NULL OR seq <= $3) ORDER BY seq, kind LIMIT $4`,
      [orgId, afterSeq, toSeq, limit],
    )) as CheckpointRow[];
    return rows.map(toCheckpoint);
  }

  /** Erasures recorded for the org: an entry without its salt must name one of them. */
  async erasureIds(orgId: string): Promise<Set<string>> {
    const rows = (await this.qr.query(`SELECT erasure_id FROM audit_erasures WHERE org_id = $1`, [orgId])) as { erasure_id: string }[];
    return new Set(rows.map((r) => r.erasure_id));
  }

  async entries(orgId: string, afterSeq: number, limit: number): Promise<StoredChainEntry[]> {
    const rows = (await this.qr.query(`SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE org_id = $1 AND chain_seq > $2 ORDER BY chain_seq LIMIT $3`, [
      orgId,
      afterSeq,
      limit,
    ])) as EntryRow[];
    return rows.map(toStoredEntry);
  }
}
