import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { BudgetError, BudgetErrorCode } from '../budget.exception';
import { orgIdSchema, timeZoneSchema, type BudgetView } from '../budgets/budget';
import { BudgetRepository } from '../budgets/budget.repository';
import { Clock } from '../clock/clock';
import { formatUsd, microsToNumber } from '../prices/pricing';
import { DIMENSIONS, type Dimension, type LedgerRow, ReportsRepository, type UsageSums } from './reports.repository';

const DAY = 86_400_000;
const dimensionSchema = z.enum(Object.keys(DIMENSIONS) as [Dimension, ...Dimension[]]);

const windowSchema = z.object({
  orgId: orgIdSchema,
  from: z.iso.datetime({ offset: true }).optional().describe('Inclusive start (default: 30 days before `to`)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Exclusive end (default: now)'),
});

export const spendQuerySchema = windowSchema.extend({
  groupBy: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(dimensionSchema).max(4))
    .describe('Comma-separated: team, project, user, key, agent, model, provider, deployment'),
  granularity: z.enum(['hour', 'day', 'month', 'total']).default('day'),
  timezone: timeZoneSchema.default('UTC').describe('Time zone the hour/day/month buckets are cut in'),
});
export type SpendQuery = z.output<typeof spendQuerySchema>;

export const topQuerySchema = windowSchema.extend({
  by: dimensionSchema.default('user'),
  limit: z.coerce.number().int().min(1).max(1000).default(10),
});
export type TopQuery = z.output<typeof topQuerySchema>;

export const ledgerQuerySchema = windowSchema.extend({
  cursor: z.string().regex(/^\d{1,19}$/, 'must be a cursor returned by a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type LedgerQuery = z.output<typeof ledgerQuerySchema>;
export const exportQuerySchema = windowSchema;
export type ExportQuery = z.output<typeof exportQuerySchema>;

export const forecastQuerySchema = z.object({
  orgId: orgIdSchema,
  budgetId: z.uuid().optional().describe('One budget; all of the org’s budgets when omitted'),
  lookbackDays: z.coerce.number().int().min(1).max(90).default(7).describe('Days of ledger the run-rate is taken from'),
});
export type ForecastQuery = z.output<typeof forecastQuerySchema>;

export interface UsageView {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  costMicros: number;
  estimatedRequests: number;
  unpricedRequests: number;
}

export interface SpendReport {
  orgId: string;
  from: string;
  to: string;
  granularity: string;
  timezone: string;
  groupBy: Dimension[];
  rows: (UsageView & { bucket: string | null; dimensions: Partial<Record<Dimension, string | null>> })[];
  total: UsageView;
}

export interface Forecast {
  budgetId: string;
  name: string;
  scope: BudgetView['scope'];
  period: string;
  limitMicros: number;
  spentMicros: number;
  reservedMicros: number;
  periodEnd: string | null;
  lookbackDays: number;
  runRateMicrosPerDay: number;
  projectedPeriodEndMicros: number | null;
  monthStart: string;
  monthEnd: string;
  monthToDateMicros: number;
  projectedMonthEndMicros: number;
  runOutAt: string | null;
  willRunOutThisPeriod: boolean;
}

const usage = (s: UsageSums): UsageView => ({
  requests: s.requests,
  inputTokens: microsToNumber(s.inputTokens),
  outputTokens: microsToNumber(s.outputTokens),
  cachedInputTokens: microsToNumber(s.cachedInputTokens),
  reasoningTokens: microsToNumber(s.reasoningTokens),
  costMicros: microsToNumber(s.costMicros),
  estimatedRequests: s.estimatedRequests,
  unpricedRequests: s.unpricedRequests,
});

const CSV_COLUMNS = [
  'occurred_at',
  'request_id',
  'org_id',
  'team_id',
  'project_id',
  'user_id',
  'key_id',
  'agent_id',
  'provider',
  'model',
  'deployment',
  'input_tokens',
  'output_tokens',
  'cached_input_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'cost_micros',
  'cost_usd',
  'status',
  'estimated',
  'late',
];
const csvField = (v: string | null): string => (v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Spend and usage from the ledger: grouped, ranked, exported, and projected against budgets. */
@Injectable()
export class ReportsUseCase {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly budgets: BudgetRepository,
    private readonly clock: Clock,
  ) {}

  private window(q: { orgId: string; from?: string; to?: string }) {
    const to = q.to ? new Date(q.to) : this.clock.now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY);
    if (from >= to) throw new BudgetError(BudgetErrorCode.InvalidPeriod, '`from` must be before `to`', [{ path: 'query.from', message: 'must be before to' }]);
    return { orgId: q.orgId, from, to };
  }

  async spend(q: SpendQuery): Promise<SpendReport> {
    const w = this.window(q);
    const rows = await this.reports.spend(w, q.groupBy, q.granularity, q.timezone);
    const total = rows.reduce<UsageSums>(
      (t, r) => ({
        requests: t.requests + r.requests,
        inputTokens: t.inputTokens + r.inputTokens,
        outputTokens: t.outputTokens + r.outputTokens,
        cachedInputTokens: t.cachedInputTokens + r.cachedInputTokens,
        reasoningTokens: t.reasoningTokens + r.reasoningTokens,
        costMicros: t.costMicros + r.costMicros,
        estimatedRequests: t.estimatedRequests + r.estimatedRequests,
        unpricedRequests: t.unpricedRequests + r.unpricedRequests,
      }),
      { requests: 0, inputTokens: 0n, outputTokens: 0n, cachedInputTokens: 0n, reasoningTokens: 0n, costMicros: 0n, estimatedRequests: 0, unpricedRequests: 0 },
    );
    return {
      orgId: q.orgId,
      from: w.from.toISOString(),
      to: w.to.toISOString(),
      granularity: q.granularity,
      timezone: q.timezone,
      groupBy: q.groupBy,
      rows: rows.map((r) => ({ bucket: r.bucket?.toISOString() ?? null, dimensions: r.dimensions, ...usage(r) })),
      total: usage(total),
    };
  }

  async top(q: TopQuery): Promise<{ orgId: string; by: Dimension; from: string; to: string; spenders: (UsageView & { id: string | null })[] }> {
    const w = this.window(q);
    const rows = await this.reports.top(w, q.by, q.limit);
    return { orgId: q.orgId, by: q.by, from: w.from.toISOString(), to: w.to.toISOString(), spenders: rows.map((r) => ({ id: r.id, ...usage(r) })) };
  }

  async ledger(q: LedgerQuery): Promise<{ entries: LedgerRow[]; nextCursor: string | null }> {
    const rows = await this.reports.entries(this.window(q), q.cursor, q.limit + 1);
    const page = rows.slice(0, q.limit);
    return { entries: page, nextCursor: rows.length > q.limit ? page[page.length - 1].seq : null };
  }

  /** The ledger as CSV, a page at a time, so an export of any size streams in constant memory. */
  async *csv(q: ExportQuery): AsyncGenerator<string> {
    const w = this.window(q);
    yield `${CSV_COLUMNS.join(',')}\r\n`;
    let after: string | undefined;
    for (;;) {
      const rows = await this.reports.entries(w, after, 1000);
      if (rows.length === 0) return;
      yield rows
        .map((r) =>
          [
            r.occurredAt.toISOString(),
            r.requestId,
            q.orgId,
            r.teamId,
            r.projectId,
            r.userId,
            r.keyId,
            r.agentId,
            r.provider,
            r.model,
            r.deployment,
            r.inputTokens,
            r.outputTokens,
            r.cachedInputTokens,
            r.cacheWriteTokens,
            r.reasoningTokens,
            r.costMicros,
            formatUsd(BigInt(r.costMicros)).slice(1),
            r.status,
            String(r.estimated),
            String(r.late),
          ]
            .map(csvField)
            .join(',') + '\r\n',
        )
        .join('');
      after = rows[rows.length - 1].seq;
    }
  }

  /**
   * Projects each budget from its scope's recent run-rate (ledger spend over `lookbackDays`): spend
   * at the end of the period and of the calendar month (in the budget's time zone), and when the
   * limit will be reached at that rate. Estimates, in integer micro-USD.
   */
  async forecast(q: ForecastQuery): Promise<{ orgId: string; forecasts: Forecast[] }> {
    const now = this.clock.now();
    const budgets = q.budgetId ? [await this.budgets.get(q.orgId, q.budgetId, now)] : await this.budgets.list(q.orgId, now, { limit: 1000, offset: 0 });
    if (q.budgetId && !budgets[0]) throw new BudgetError(BudgetErrorCode.BudgetNotFound, `No budget ${q.budgetId} in org ${q.orgId}`);
    const since = new Date(now.getTime() - q.lookbackDays * DAY);
    const windowMs = BigInt(now.getTime() - since.getTime());
    const forecasts: Forecast[] = [];
    for (const b of budgets as BudgetView[]) {
      const recent = await this.reports.scopeSpend(q.orgId, b.scope.kind, b.scope.id, b.scope.model ?? null, since, now);
      const over = (ms: number): bigint => (ms <= 0 ? 0n : (recent * BigInt(ms)) / windowMs);
      const month = await this.reports.monthBounds(now, b.timezone);
      const monthToDate = await this.reports.scopeSpend(q.orgId, b.scope.kind, b.scope.id, b.scope.model ?? null, month.start, now);
      const periodEnd = b.current.periodEnd ? new Date(b.current.periodEnd) : null;
      const spent = BigInt(b.current.spentMicros);
      const left = BigInt(b.limitMicros) - spent;
      let runOutAt: Date | null = null;
      if (left <= 0n) runOutAt = now;
      else if (recent > 0n) runOutAt = new Date(now.getTime() + Number((left * windowMs + recent - 1n) / recent));
      forecasts.push({
        budgetId: b.id,
        name: b.name,
        scope: b.scope,
        period: b.period,
        limitMicros: b.limitMicros,
        spentMicros: b.current.spentMicros,
        reservedMicros: b.current.reservedMicros,
        periodEnd: b.current.periodEnd,
        lookbackDays: q.lookbackDays,
        runRateMicrosPerDay: microsToNumber(over(DAY)),
        projectedPeriodEndMicros: periodEnd ? microsToNumber(spent + over(periodEnd.getTime() - now.getTime())) : null,
        monthStart: month.start.toISOString(),
        monthEnd: month.end.toISOString(),
        monthToDateMicros: microsToNumber(monthToDate),
        projectedMonthEndMicros: microsToNumber(monthToDate + over(month.end.getTime() - now.getTime())),
        runOutAt: runOutAt?.toISOString() ?? null,
        willRunOutThisPeriod: runOutAt !== null && (periodEnd === null || runOutAt < periodEnd),
      });
    }
    return { orgId: q.orgId, forecasts };
  }
}
