import type { MigrationInterface, QueryRunner } from 'typeorm';
import { usdToMicros } from '../prices/money';
import { canonicalModel, canonicalProvider } from '../prices/price';
import { PUBLIC_PRICES } from '../prices/seed/public-prices-2026-11';

const micros = (usd: string | undefined): string | null => (usd === undefined ? null : usdToMicros(usd).toString());

/** The public price catalogue of November 2026 (sources and dates per row in the data file). */
export class SeedPublicPrices1764200000001 implements MigrationInterface {
  name = 'SeedPublicPrices1764200000001';

  async up(q: QueryRunner): Promise<void> {
    const versions = new Map<string, number>();
    for (const p of PUBLIC_PRICES) {
      const provider = canonicalProvider(p.provider);
      const model = canonicalModel(p.provider, p.model);
      const key = `${provider}\u0000${model}`;
      const version = (versions.get(key) ?? 0) + 1;
      versions.set(key, version);
      await q.query(
        `INSERT INTO prices (id, org_id, provider, model, deployment, version, effective_from, input_per_mtok, output_per_mtok, cached_input_per_mtok,
           cache_write_per_mtok, reasoning_per_mtok, audio_input_per_mtok, long_context_threshold, long_input_per_mtok, long_output_per_mtok,
           long_cached_input_per_mtok, long_cache_write_per_mtok, max_output_tokens, context_window, source, source_date, note)
         VALUES (gen_random_uuid(), NULL, $1, $2, '', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
        [
          provider,
          model,
          version,
          p.effectiveFrom,
          micros(p.input),
          micros(p.output),
          micros(p.cachedInput),
          micros(p.cacheWrite),
          micros(p.reasoning),
          micros(p.audioInput),
          p.long?.above ?? null,
          micros(p.long?.input),
          micros(p.long?.output),
          micros(p.long?.cachedInput),
          micros(p.long?.cacheWrite),
          p.maxOutput ?? null,
          p.context ?? null,
          p.source,
          p.sourceDate,
          p.note ?? null,
        ],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM prices WHERE org_id IS NULL AND created_at <= now()`);
  }
}
