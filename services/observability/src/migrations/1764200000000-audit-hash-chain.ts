import { randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GENESIS_HASH, linkEntries, SALT_BYTES } from '../audit/chain/audit-chain';

const SEARCH = `to_tsvector('simple'::regconfig, action || ' ' || coalesce(resource, '') || ' ' || coalesce(outcome, '') || ' ' || coalesce(summary, ''))
  || jsonb_to_tsvector('simple'::regconfig, coalesce(actor, '{}'::jsonb), '["string"]')
  || jsonb_to_tsvector('simple'::regconfig, data, '["string"]')`;

interface LegacyRow {
  id: string;
  org_id: string;
  seq: string;
  event_id: string;
  action: string;
  source: string;
  occurred_at: Date;
  recorded_at: Date;
  trace_id: string | null;
  actor: Record<string, unknown> | null;
  resource: string | null;
  outcome: string | null;
  data: Record<string, unknown>;
}

/**
 * Turns the audit log into one hash chain per org (chain format v1, see audit-chain.ts): per-org
 * sequence, links and salted personal digests on every entry, a chain head per org, signed
 * checkpoints, per-org retention settings and a full-text search column. Entries recorded before
 * it are chained in their recording order; their timestamps are cut to milliseconds first, the
 * precision the chain hashes.
 */
export class AuditHashChain1764200000000 implements MigrationInterface {
  name = 'AuditHashChain1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_entries
        ADD COLUMN chain_seq bigint,
        ADD COLUMN prev_hash text,
        ADD COLUMN hash text,
        ADD COLUMN personal_salt bytea,
        ADD COLUMN personal_digest text,
        ADD COLUMN summary text,
        ADD COLUMN erasure_id uuid`);
    await q.query(`UPDATE audit_entries SET occurred_at = date_trunc('milliseconds', occurred_at), recorded_at = date_trunc('milliseconds', recorded_at)`);
    await q.query(`
      CREATE TABLE audit_chain_heads (
        org_id text PRIMARY KEY,
        seq bigint NOT NULL,
        hash text NOT NULL,
        entries_since_checkpoint integer NOT NULL DEFAULT 0,
        last_checkpoint_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await this.chainExistingEntries(q);

    await q.query(`
      ALTER TABLE audit_entries
        ALTER COLUMN chain_seq SET NOT NULL,
        ALTER COLUMN prev_hash SET NOT NULL,
        ALTER COLUMN hash SET NOT NULL,
        ALTER COLUMN personal_digest SET NOT NULL,
        ALTER COLUMN recorded_at DROP DEFAULT,
        DROP CONSTRAINT audit_entries_event_id_key,
        ADD CONSTRAINT audit_entries_org_event UNIQUE (org_id, event_id),
        ADD CONSTRAINT audit_entries_org_chain UNIQUE (org_id, chain_seq)`);
    await q.query(`DROP INDEX audit_entries_org_seq`);
    await q.query(`DROP INDEX audit_entries_occurred_at`);
    await q.query(`DROP INDEX audit_entries_org_trace`);
    await q.query(`ALTER TABLE audit_entries DROP COLUMN seq`);
    await q.query(`ALTER TABLE audit_entries ADD COLUMN search tsvector GENERATED ALWAYS AS (${SEARCH}) STORED`);
    await q.query(`CREATE INDEX audit_entries_org_trace ON audit_entries (org_id, trace_id, chain_seq)`);
    await q.query(`CREATE INDEX audit_entries_org_occurred ON audit_entries (org_id, occurred_at)`);
    await q.query(`CREATE INDEX audit_entries_org_action ON audit_entries (org_id, action text_pattern_ops, chain_seq)`);
    await q.query(`CREATE INDEX audit_entries_org_resource ON audit_entries (org_id, resource text_pattern_ops, chain_seq)`);
    await q.query(`CREATE INDEX audit_entries_actor ON audit_entries USING gin (actor jsonb_path_ops)`);
    await q.query(`CREATE INDEX audit_entries_search ON audit_entries USING gin (search)`);

    await q.query(`
      CREATE TABLE audit_checkpoints (
        org_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('periodic', 'anchor')),
        seq bigint NOT NULL,
        hash text NOT NULL,
        created_at timestamptz NOT NULL,
        key_id text NOT NULL,
        signature text NOT NULL,
        PRIMARY KEY (org_id, kind, seq)
      )`);
    await q.query(`CREATE INDEX audit_checkpoints_org_seq ON audit_checkpoints (org_id, seq)`);
    await q.query(`
      CREATE TABLE audit_retention_settings (
        org_id text PRIMARY KEY,
        retention_days integer NOT NULL CHECK (retention_days BETWEEN 1 AND 36500),
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_retention_settings`);
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`DROP TABLE audit_chain_heads`);
    await q.query(`DROP INDEX audit_entries_search, audit_entries_actor, audit_entries_org_resource, audit_entries_org_action, audit_entries_org_occurred, audit_entries_org_trace`);
    await q.query(`
      ALTER TABLE audit_entries
        DROP COLUMN search,
        DROP CONSTRAINT audit_entries_org_chain,
        DROP CONSTRAINT audit_entries_org_event,
        ADD CONSTRAINT audit_entries_event_id_key UNIQUE (event_id),
        ALTER COLUMN recorded_at SET DEFAULT now(),
        ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE`);
    await q.query(`ALTER TABLE audit_entries DROP COLUMN chain_seq, DROP COLUMN prev_hash, DROP COLUMN hash, DROP COLUMN personal_salt, DROP COLUMN personal_digest, DROP COLUMN summary, DROP COLUMN erasure_id`);
    await q.query(`CREATE INDEX audit_entries_org_seq ON audit_entries (org_id, seq)`);
    await q.query(`CREATE INDEX audit_entries_org_trace ON audit_entries (org_id, trace_id)`);
    await q.query(`CREATE INDEX audit_entries_occurred_at ON audit_entries (occurred_at)`);
  }

  private async chainExistingEntries(q: QueryRunner): Promise<void> {
    const orgs = (await q.query(`SELECT DISTINCT org_id FROM audit_entries`)) as { org_id: string }[];
    for (const { org_id: orgId } of orgs) {
      let head = { seq: 0, hash: GENESIS_HASH };
      let afterSeq = '0';
      for (;;) {
        const rows = (await q.query(
          `SELECT id, org_id, seq, event_id, action, source, occurred_at, recorded_at, trace_id, actor, resource, outcome, data
             FROM audit_entries WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT 1000`,
          [orgId, afterSeq],
        )) as LegacyRow[];
        if (rows.length === 0) break;
        const linked = linkEntries(
          head,
          rows.map((r) => ({
            id: r.id,
            orgId: r.org_id,
            eventId: r.event_id,
            action: r.action,
            source: r.source,
            occurredAt: r.occurred_at,
            recordedAt: r.recorded_at,
            traceId: r.trace_id,
            outcome: r.outcome,
            actor: r.actor as never,
            resource: r.resource,
            summary: null,
            data: r.data,
            salt: randomBytes(SALT_BYTES),
          })),
        );
        await q.query(
          `UPDATE audit_entries e SET chain_seq = x.chain_seq, prev_hash = x.prev_hash, hash = x.hash,
                  personal_salt = decode(x.salt, 'hex'), personal_digest = x.personal_digest
             FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, chain_seq bigint, prev_hash text, hash text, salt text, personal_digest text)
            WHERE e.id = x.id`,
          [JSON.stringify(linked.map((l) => ({ id: l.id, chain_seq: l.seq, prev_hash: l.prevHash, hash: l.hash, salt: l.salt.toString('hex'), personal_digest: l.personalDigest })))],
        );
        const last = linked[linked.length - 1];
        head = { seq: last.seq, hash: last.hash };
        afterSeq = rows[rows.length - 1].seq;
      }
      await q.query(
        `INSERT INTO audit_chain_heads (org_id, seq, hash, entries_since_checkpoint, last_checkpoint_at, updated_at) VALUES ($1, $2, $3, $4, now(), now())`,
        [orgId, head.seq, head.hash, head.seq],
      );
    }
  }
}
