import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { orgIdSchema } from '../../budgets/budget';
import { Clock } from '../../clock/clock';
import type { Price } from '../../prices/price';
import { PriceCatalog } from '../../prices/price-catalog';
import { costOf, microsToNumber } from '../../prices/pricing';
import { ReportsRepository, type UsageGroup } from '../reports.repository';
import { CHEAPER_IN_FAMILY } from './cheaper-models';

const DAY = 86_400_000;
/** A request this short rarely needs the larger model of a family. */
const SHORT_PROMPT = 2000;
const SHORT_ANSWER = 500;
/** Prompts this long are worth caching (providers cache from about 1 024 tokens). */
const CACHEABLE_PROMPT = 1024;

export const recommendationsQuerySchema = z.object({
  orgId: orgIdSchema,
  lookbackDays: z.coerce.number().int().min(1).max(90).default(30).describe('Days of ledger the recommendations are drawn from'),
  minMonthlySavingMicros: z.coerce.number().int().min(0).default(1_000_000).describe('Leave out smaller savings (default $1 a month)'),
});
export type RecommendationsQuery = z.output<typeof recommendationsQuerySchema>;

export interface Recommendation {
  kind: 'cheaper_model' | 'prompt_caching';
  scope: { kind: 'team' | 'key'; id: string | null };
  provider: string;
  model: string;
  suggestion: string;
  requests: number;
  averageInputTokens: number;
  averageOutputTokens: number;
  currentMonthlyMicros: number;
  estimatedMonthlySavingMicros: number;
  rationale: string;
}

/** Cost of `requests` requests of the average shape (the long-context tier is judged per request, not on the sum). */
const costOfAverage = (price: Price, g: UsageGroup, cachedShare?: number): bigint => {
  const n = BigInt(g.requests);
  const avgIn = Number(g.inputTokens / n);
  const avgOut = Number(g.outputTokens / n);
  const cached = cachedShare === undefined ? Number(g.cachedInputTokens / n) : Math.floor(avgIn * cachedShare);
  return costOf(price, { inputTokens: avgIn, outputTokens: avgOut, cachedInputTokens: cached }).micros * n;
};

/**
 * Savings the ledger points at, each with its estimated monthly amount: short requests sent to a
 * model whose cheaper sibling (a curated list) would likely do, and long prompts on models with
 * prompt caching that almost never hit the cache. Estimates at current prices, scaled from the
 * lookback window to 30 days.
 */
@Injectable()
export class RecommendationsUseCase {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly prices: PriceCatalog,
    private readonly clock: Clock,
  ) {}

  async execute(q: RecommendationsQuery): Promise<{ orgId: string; from: string; to: string; recommendations: Recommendation[] }> {
    const to = this.clock.now();
    const from = new Date(to.getTime() - q.lookbackDays * DAY);
    const monthly = (micros: bigint): number => microsToNumber((micros * 30n) / BigInt(q.lookbackDays));
    const out: Recommendation[] = [];

    for (const g of await this.reports.usageGroups({ orgId: q.orgId, from, to }, 'team_id')) {
      const cheaper = CHEAPER_IN_FAMILY[g.provider]?.[g.model];
      if (!cheaper || g.requests === 0) continue;
      const avgIn = Number(g.inputTokens) / g.requests;
      const avgOut = Number(g.outputTokens) / g.requests;
      if (avgIn > SHORT_PROMPT || avgOut > SHORT_ANSWER) continue;
      const [now, alternative] = await Promise.all([this.prices.resolve(q.orgId, g.provider, g.model, undefined), this.prices.resolve(q.orgId, g.provider, cheaper, undefined)]);
      if (!now || !alternative) continue;
      const saving = costOfAverage(now, g) - costOfAverage(alternative, g);
      if (saving <= 0n || monthly(saving) < q.minMonthlySavingMicros) continue;
      out.push({
        kind: 'cheaper_model',
        scope: { kind: 'team', id: g.scopeId },
        provider: g.provider,
        model: g.model,
        suggestion: `Route these short requests to ${cheaper}`,
        requests: g.requests,
        averageInputTokens: Math.round(avgIn),
        averageOutputTokens: Math.round(avgOut),
        currentMonthlyMicros: monthly(g.costMicros),
        estimatedMonthlySavingMicros: monthly(saving),
        rationale: `${g.requests} requests averaging ${Math.round(avgIn)} prompt and ${Math.round(avgOut)} output tokens went to ${g.model}; ${cheaper} is in the same family and costs less at current prices`,
      });
    }

    for (const g of await this.reports.usageGroups({ orgId: q.orgId, from, to }, 'key_id')) {
      const avgIn = Number(g.inputTokens) / g.requests;
      if (g.requests < 20 || avgIn < CACHEABLE_PROMPT || g.cachedInputTokens * 10n > g.inputTokens) continue;
      const price = await this.prices.resolve(q.orgId, g.provider, g.model, undefined);
      if (!price || price.cachedInputPerMtok === null || price.cachedInputPerMtok >= price.inputPerMtok) continue;
      const saving = costOfAverage(price, g) - costOfAverage(price, g, 0.5);
      if (saving <= 0n || monthly(saving) < q.minMonthlySavingMicros) continue;
      out.push({
        kind: 'prompt_caching',
        scope: { kind: 'key', id: g.scopeId },
        provider: g.provider,
        model: g.model,
        suggestion: 'Put the stable part of the prompt (system prompt, tools, documents) first and mark it cacheable',
        requests: g.requests,
        averageInputTokens: Math.round(avgIn),
        averageOutputTokens: Math.round(Number(g.outputTokens) / g.requests),
        currentMonthlyMicros: monthly(g.costMicros),
        estimatedMonthlySavingMicros: monthly(saving),
        rationale: `${g.requests} requests averaging ${Math.round(avgIn)} prompt tokens with almost no cache hits on a model that bills cached tokens at ${Number(price.cachedInputPerMtok) / 1e6} instead of ${Number(price.inputPerMtok) / 1e6} USD per million; the estimate assumes half of each prompt could come from the cache (the ledger holds no prompt text, so repeated prefixes themselves cannot be seen)`,
      });
    }

    out.sort((a, b) => b.estimatedMonthlySavingMicros - a.estimatedMonthlySavingMicros);
    return { orgId: q.orgId, from: from.toISOString(), to: to.toISOString(), recommendations: out };
  }
}
