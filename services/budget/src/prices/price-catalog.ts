import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import { Clock } from '../clock/clock';
import type { BudgetConfig } from '../config';
import { canonicalModel, canonicalProvider, type Price } from './price';
import { PriceRepository } from './price.repository';

const MAX_ENTRIES = 50_000;

/**
 * Prices as the hot path reads them: resolved once per (org, provider, model, deployment) and kept
 * for BUDGET_CACHE_TTL_MS, never past the moment the next version takes effect. Versions are
 * immutable, so lookups by id are cached for good. A replica sees a new price at most one TTL
 * late; a request is settled at the price it was authorised at, so a late price never makes a
 * reservation too small for its own settlement.
 */
@Injectable()
export class PriceCatalog {
  private readonly resolved = new Map<string, { price: Price | null; until: number }>();
  private readonly byId = new Map<string, Price>();

  constructor(
    private readonly prices: PriceRepository,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<BudgetConfig, 'BUDGET_CACHE_TTL_MS'>,
  ) {}

  /** The price in effect now (cached). */
  async resolve(orgId: string, provider: string, model: string, deployment: string | undefined): Promise<Price | null> {
    const p = canonicalProvider(provider);
    const m = canonicalModel(provider, model);
    const d = deployment?.trim().toLowerCase() ?? '';
    const key = `${orgId}\u0000${p}\u0000${m}\u0000${d}`;
    const now = this.clock.now().getTime();
    const hit = this.resolved.get(key);
    if (hit && hit.until > now) return hit.price;
    const { price, nextChange } = await this.prices.findEffective(orgId, p, m, d, new Date(now));
    if (this.resolved.size >= MAX_ENTRIES) this.resolved.clear();
    const until = Math.min(now + this.config.BUDGET_CACHE_TTL_MS, nextChange?.getTime() ?? Number.POSITIVE_INFINITY);
    this.resolved.set(key, { price: price ?? null, until });
    if (price) this.byId.set(price.id, price);
    return price ?? null;
  }

  /** The price that was in effect at a past instant (not cached: settlements without a reservation). */
  async resolveAt(orgId: string, provider: string, model: string, deployment: string | undefined, at: Date): Promise<Price | null> {
    const { price } = await this.prices.findEffective(orgId, canonicalProvider(provider), canonicalModel(provider, model), deployment?.trim().toLowerCase() ?? '', at);
    return price ?? null;
  }

  async get(id: string): Promise<Price | undefined> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const price = await this.prices.findById(id);
    if (price) {
      if (this.byId.size >= MAX_ENTRIES) this.byId.clear();
      this.byId.set(id, price);
    }
    return price;
  }

  /** Forget resolved prices (this replica added a version; the others catch up within the TTL). */
  invalidate(): void {
    this.resolved.clear();
  }
}
