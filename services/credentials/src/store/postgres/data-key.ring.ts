import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dataKeyAad, KEY_BYTES } from '../../crypto/aead';
import type { Kms } from '../../crypto/kms';

interface CachedKey {
  key: Buffer;
  expiresAt: number;
}

export interface DataKey {
  id: string;
  key: Buffer;
}

/**
 * Each org's data keys: 32 random bytes, stored only wrapped by the KMS's active KEK (AAD = org +
 * key id, so a wrapped key moved to another org does not unwrap). Unwrapped keys are cached in
 * memory for a few minutes so the lease path costs no KMS round trip.
 */
export class DataKeyRing {
  private readonly cache = new Map<string, CachedKey>();

  constructor(
    private readonly db: DataSource,
    private readonly kms: Kms,
    private readonly cacheTtlMs = 5 * 60_000,
  ) {}

  /** The org's active data key, created on first use (concurrent creators converge on one). */
  async active(orgId: string): Promise<DataKey> {
    const [row] = (await this.db.query(`SELECT id, kek_id, wrapped FROM data_keys WHERE org_id = $1 AND active`, [orgId])) as WrappedRow[];
    if (row) return { id: row.id, key: this.cached(orgId, row.id) ?? (await this.unwrapRow(orgId, row)) };
    const id = randomUUID();
    const key = randomBytes(KEY_BYTES);
    const wrapped = await this.kms.wrap(key, dataKeyAad(orgId, id));
    const inserted = (await this.db.query(
      `INSERT INTO data_keys (org_id, id, kek_id, wrapped) VALUES ($1, $2, $3, $4)
       ON CONFLICT (org_id) WHERE active DO NOTHING RETURNING id`,
      [orgId, id, wrapped.kekId, wrapped.wrapped],
    )) as { id: string }[];
    if (inserted.length === 1) {
      this.remember(orgId, id, key);
      return { id, key };
    }
    return this.active(orgId);
  }

  /** A data key of the org by id (any KEK the KMS still knows). */
  async get(orgId: string, id: string): Promise<Buffer> {
    const cached = this.cached(orgId, id);
    if (cached) return cached;
    const [row] = (await this.db.query(`SELECT id, kek_id, wrapped FROM data_keys WHERE org_id = $1 AND id = $2`, [orgId, id])) as WrappedRow[];
    if (!row) throw new Error(`data key ${id} of org ${orgId} is missing`);
    return this.unwrapRow(orgId, row);
  }

  /**
   * Re-wraps every data key that is wrapped by another KEK than the active one, `batch` rows per
   * transaction. Secrets are not touched: they stay sealed by the same data keys. Safe to run from
   * several replicas (rows are claimed with SKIP LOCKED) and to repeat. A row that does not unwrap
   * (tampered, or its KEK is gone) is skipped and counted, never blocks the rest. This is a
   * platform maintenance job and the one query here that spans orgs; it returns counts only.
   */
  async rewrap(batch = 500): Promise<{ rewrapped: number; failed: number; remaining: number }> {
    const active = this.kms.activeKekId;
    let rewrapped = 0;
    let failed = 0;
    let after: [string, string] = ['', '00000000-0000-0000-0000-000000000000'];
    for (;;) {
      const rows = await this.db.transaction(async (m) => {
        const claimed = (await m.query(
          `SELECT org_id, id, kek_id, wrapped FROM data_keys WHERE kek_id <> $1 AND (org_id, id) > ($2, $3::uuid)
           ORDER BY org_id, id LIMIT $4 FOR UPDATE SKIP LOCKED`,
          [active, after[0], after[1], batch],
        )) as (WrappedRow & { org_id: string })[];
        for (const row of claimed) {
          const aad = dataKeyAad(row.org_id, row.id);
          let key: Buffer;
          try {
            key = await this.kms.unwrap({ kekId: row.kek_id, wrapped: row.wrapped }, aad);
          } catch {
            failed += 1;
            continue;
          }
          const again = await this.kms.wrap(key, aad);
          key.fill(0);
          await m.query(`UPDATE data_keys SET kek_id = $3, wrapped = $4, rewrapped_at = now() WHERE org_id = $1 AND id = $2`, [
            row.org_id,
            row.id,
            again.kekId,
            again.wrapped,
          ]);
          rewrapped += 1;
        }
        return claimed;
      });
      if (rows.length < batch) break;
      after = [rows[rows.length - 1].org_id, rows[rows.length - 1].id];
    }
    const [{ n }] = (await this.db.query(`SELECT count(*)::int AS n FROM data_keys WHERE kek_id <> $1`, [active])) as { n: number }[];
    return { rewrapped, failed, remaining: n };
  }

  /** How many data keys each KEK wraps (cross-org counts, for the KEK rotation runbook). */
  async countByKek(): Promise<{ kekId: string; dataKeys: number }[]> {
    const rows = (await this.db.query(`SELECT kek_id, count(*)::int AS n FROM data_keys GROUP BY kek_id ORDER BY kek_id`)) as { kek_id: string; n: number }[];
    return rows.map((r) => ({ kekId: r.kek_id, dataKeys: r.n }));
  }

  private async unwrapRow(orgId: string, row: WrappedRow): Promise<Buffer> {
    const key = await this.kms.unwrap({ kekId: row.kek_id, wrapped: row.wrapped }, dataKeyAad(orgId, row.id));
    this.remember(orgId, row.id, key);
    return key;
  }

  private cached(orgId: string, id: string): Buffer | undefined {
    const hit = this.cache.get(`${orgId}|${id}`);
    return hit && hit.expiresAt > Date.now() ? hit.key : undefined;
  }

  private remember(orgId: string, id: string, key: Buffer): void {
    this.cache.set(`${orgId}|${id}`, { key, expiresAt: Date.now() + this.cacheTtlMs });
  }
}

interface WrappedRow {
  id: string;
  kek_id: string;
  wrapped: Buffer;
}
