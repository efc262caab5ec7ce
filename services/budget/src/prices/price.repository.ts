import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BudgetDb, PG, pgCode } from '../db/budget-db';
import type { Price } from './price';

export type NewPrice = Omit<Price, 'id' | 'version' | 'createdAt'>;

export interface PriceFilter {
  /** Prices this org sees: the public catalogue plus its own. Without it, only the public catalogue. */
  orgId?: string;
  provider?: string;
  model?: string;
  /** Only the version in effect at this instant (per org/provider/model/deployment); all versions when absent. */
  at?: Date;
  limit: number;
  offset: number;
}

const COLUMNS = `id, org_id, provider, model, deployment, version, effective_from, input_per_mtok, output_per_mtok, cached_input_per_mtok,
  cache_write_per_mtok, reasoning_per_mtok, audio_input_per_mtok, audio_output_per_mtok, input_image_micros, output_image_micros,
  long_context_threshold, long_input_per_mtok, long_output_per_mtok, long_cached_input_per_mtok, long_cache_write_per_mtok,
  max_output_tokens, context_window, source, source_date::text AS source_date, note, created_at`;

const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : BigInt(v as string));

export function toPrice(row: Record<string, unknown>): Price {
  return {
    id: row.id as string,
    orgId: row.org_id as string | null,
    provider: row.provider as string,
    model: row.model as string,
    deployment: row.deployment as string,
    version: row.version as number,
    effectiveFrom: row.effective_from as Date,
    inputPerMtok: BigInt(row.input_per_mtok as string),
    outputPerMtok: BigInt(row.output_per_mtok as string),
    cachedInputPerMtok: bigOrNull(row.cached_input_per_mtok),
    cacheWritePerMtok: bigOrNull(row.cache_write_per_mtok),
    reasoningPerMtok: bigOrNull(row.reasoning_per_mtok),
    audioInputPerMtok: bigOrNull(row.audio_input_per_mtok),
    audioOutputPerMtok: bigOrNull(row.audio_output_per_mtok),
    inputImageMicros: bigOrNull(row.input_image_micros),
    outputImageMicros: bigOrNull(row.output_image_micros),
    longContextThreshold: row.long_context_threshold as number | null,
    longInputPerMtok: bigOrNull(row.long_input_per_mtok),
    longOutputPerMtok: bigOrNull(row.long_output_per_mtok),
    longCachedInputPerMtok: bigOrNull(row.long_cached_input_per_mtok),
    longCacheWritePerMtok: bigOrNull(row.long_cache_write_per_mtok),
    maxOutputTokens: row.max_output_tokens as number | null,
    contextWindow: row.context_window as number | null,
    source: row.source as string,
    sourceDate: row.source_date as string | null,
    note: row.note as string | null,
    createdAt: row.created_at as Date,
  };
}

const str = (v: bigint | null): string | null => (v === null ? null : v.toString());

/** The only code that touches `prices`. Versions are immutable rows; a change is a new version. */
@Injectable()
export class PriceRepository {
  constructor(private readonly db: BudgetDb) {}

  /** Adds the next version of the price for (org, provider, model, deployment). */
  async addVersion(p: NewPrice): Promise<Price> {
    for (let attempt = 0; ; attempt++) {
      try {
        const [row] = await this.db.query(
          `INSERT INTO prices (id, org_id, provider, model, deployment, version, effective_from, input_per_mtok, output_per_mtok,
             cached_input_per_mtok, cache_write_per_mtok, reasoning_per_mtok, audio_input_per_mtok, audio_output_per_mtok,
             input_image_micros, output_image_micros, long_context_threshold, long_input_per_mtok, long_output_per_mtok,
             long_cached_input_per_mtok, long_cache_write_per_mtok, max_output_tokens, context_window, source, source_date, note)
           SELECT $1, $2, $3, $4, $5, coalesce(max(version), 0) + 1, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25
           FROM prices WHERE coalesce(org_id, '') = coalesce($2, '') AND provider = $3 AND model = $4 AND deployment = $5
           RETURNING ${COLUMNS}`,
          [
            randomUUID(),
            p.orgId,
            p.provider,
            p.model,
            p.deployment,
            p.effectiveFrom,
            str(p.inputPerMtok),
            str(p.outputPerMtok),
            str(p.cachedInputPerMtok),
            str(p.cacheWritePerMtok),
            str(p.reasoningPerMtok),
            str(p.audioInputPerMtok),
            str(p.audioOutputPerMtok),
            str(p.inputImageMicros),
            str(p.outputImageMicros),
            p.longContextThreshold,
            str(p.longInputPerMtok),
            str(p.longOutputPerMtok),
            str(p.longCachedInputPerMtok),
            str(p.longCacheWritePerMtok),
            p.maxOutputTokens,
            p.contextWindow,
            p.source,
            p.sourceDate,
            p.note,
          ],
        );
        return toPrice(row);
      } catch (e) {
        // two versions of the same price added at once: the loser takes the next number
        if (pgCode(e) !== PG.uniqueViolation || attempt >= 5) throw e;
      }
    }
  }

  async findById(id: string): Promise<Price | undefined> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM prices WHERE id = $1`, [id], 'budget_price_by_id');
    return row ? toPrice(row) : undefined;
  }

  /**
   * The price in effect for a request at `at`: a deployment's own price before the model's, an
   * org's own before the public one, the latest effective version of those. Also returns when the
   * next version takes effect, so a cache knows how long the answer holds.
   */
  async findEffective(orgId: string, provider: string, model: string, deployment: string, at: Date): Promise<{ price?: Price; nextChange?: Date }> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS}, (SELECT min(effective_from) FROM prices n
                           WHERE n.provider = $2 AND n.model = $3 AND n.deployment IN ('', $4) AND (n.org_id IS NULL OR n.org_id = $1) AND n.effective_from > $5) AS next_change
       FROM prices
       WHERE provider = $2 AND model = $3 AND deployment IN ('', $4) AND (org_id IS NULL OR org_id = $1) AND effective_from <= $5
       ORDER BY (deployment <> '') DESC, (org_id IS NOT NULL) DESC, effective_from DESC, version DESC
       LIMIT 1`,
      [orgId, provider, model, deployment, at],
      'budget_price_effective',
    );
    if (rows.length > 0) return { price: toPrice(rows[0]), nextChange: (rows[0].next_change as Date | null) ?? undefined };
    const [next] = await this.db.query<{ next_change: Date | null }>(
      `SELECT min(effective_from) AS next_change FROM prices
       WHERE provider = $2 AND model = $3 AND deployment IN ('', $4) AND (org_id IS NULL OR org_id = $1) AND effective_from > $5`,
      [orgId, provider, model, deployment, at],
    );
    return { nextChange: next?.next_change ?? undefined };
  }

  async list(f: PriceFilter): Promise<Price[]> {
    const where: string[] = [f.orgId ? '(org_id IS NULL OR org_id = $1)' : 'org_id IS NULL AND $1::text IS NULL'];
    const values: unknown[] = [f.orgId ?? null];
    if (f.provider) {
      values.push(f.provider);
      where.push(`provider = $${values.length}`);
    }
    if (f.model) {
      values.push(f.model);
      where.push(`model = $${values.length}`);
    }
    let sql: string;
    if (f.at) {
      values.push(f.at);
      where.push(`effective_from <= $${values.length}`);
      sql = `SELECT DISTINCT ON (coalesce(org_id, ''), provider, model, deployment) ${COLUMNS} FROM prices WHERE ${where.join(' AND ')}
             ORDER BY coalesce(org_id, ''), provider, model, deployment, effective_from DESC, version DESC`;
      sql = `SELECT * FROM (${sql}) current ORDER BY provider, model, deployment, org_id NULLS FIRST`;
    } else {
      sql = `SELECT ${COLUMNS} FROM prices WHERE ${where.join(' AND ')} ORDER BY provider, model, deployment, org_id NULLS FIRST, version`;
    }
    values.push(f.limit, f.offset);
    return (await this.db.query(`${sql} LIMIT $${values.length - 1} OFFSET $${values.length}`, values)).map(toPrice);
  }
}
