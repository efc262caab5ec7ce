import { Injectable } from '@nestjs/common';
import { BudgetDb } from '../db/budget-db';

/** Ledger columns a report may group or rank by (a whitelist: names never come from the caller). */
export const DIMENSIONS = {
  team: 'team_id',
  project: 'project_id',
  user: 'user_id',
  key: 'key_id',
  agent: 'agent_id',
  model: 'model',
  provider: 'provider',
  deployment: 'deployment',
} as const;
export type Dimension = keyof typeof DIMENSIONS;
export type Granularity = 'hour' | 'day' | 'month' | 'total';

export interface Window {
  orgId: string;
  from: Date;
  to: Date;
}

export interface UsageSums {
  requests: number;
  inputTokens: bigint;
  outputTokens: bigint;
  cachedInputTokens: bigint;
  reasoningTokens: bigint;
  costMicros: bigint;
  estimatedRequests: number;
  unpricedRequests: number;
}

export interface SpendRow extends UsageSums {
  bucket: Date | null;
  dimensions: Partial<Record<Dimension, string | null>>;
}

export interface UsageGroup {
  scopeId: string | null;
  provider: string;
  model: string;
  requests: number;
  inputTokens: bigint;
  outputTokens: bigint;
  cachedInputTokens: bigint;
  costMicros: bigint;
}

export interface LedgerRow {
  seq: string;
  requestId: string;
  occurredAt: Date;
  keyId: string;
  userId: string | null;
  teamId: string | null;
  projectId: string | null;
  agentId: string | null;
  model: string;
  provider: string;
  deployment: string | null;
  inputTokens: string;
  outputTokens: string;
  cachedInputTokens: string;
  cacheWriteTokens: string;
  reasoningTokens: string;
  costMicros: string;
  reservedMicros: string | null;
  status: string;
  estimated: boolean;
  late: boolean;
}

const SUMS = `count(*)::int AS requests, coalesce(sum(input_tokens), 0)::text AS input_tokens, coalesce(sum(output_tokens), 0)::text AS output_tokens,
  coalesce(sum(cached_input_tokens), 0)::text AS cached_input_tokens, coalesce(sum(reasoning_tokens), 0)::text AS reasoning_tokens,
  coalesce(sum(cost_micros), 0)::text AS cost_micros, count(*) FILTER (WHERE estimated)::int AS estimated_requests,
  count(*) FILTER (WHERE status = 'unpriced')::int AS unpriced_requests`;

const toSums = (r: Record<string, unknown>): UsageSums => ({
  requests: r.requests as number,
  inputTokens: BigInt(r.input_tokens as string),
  outputTokens: BigInt(r.output_tokens as string),
  cachedInputTokens: BigInt(r.cached_input_tokens as string),
  reasoningTokens: BigInt(r.reasoning_tokens as string),
  costMicros: BigInt(r.cost_micros as string),
  estimatedRequests: r.estimated_requests as number,
  unpricedRequests: r.unpriced_requests as number,
});

/** Reads of the ledger for reports; every query is scoped to one org and sums in Postgres numerics (exact). */
@Injectable()
export class ReportsRepository {
  constructor(private readonly db: BudgetDb) {}

  async spend(w: Window, groupBy: Dimension[], granularity: Granularity, timezone: string): Promise<SpendRow[]> {
    const columns = groupBy.map((d) => DIMENSIONS[d]);
    const bucket = granularity === 'total' ? 'NULL::timestamptz' : `date_trunc('${granularity}', occurred_at, $4)`;
    const select = [`${bucket} AS bucket`, ...columns];
    const groups = select.map((_, i) => String(i + 1));
    const rows = await this.db.query(
      `SELECT ${select.join(', ')}, ${SUMS}
       FROM ledger_entries WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3
       GROUP BY ${groups.join(', ')} ORDER BY ${groups.join(', ')}`,
      granularity === 'total' ? [w.orgId, w.from, w.to] : [w.orgId, w.from, w.to, timezone],
    );
    return rows.map((r) => ({
      bucket: (r.bucket as Date | null) ?? null,
      dimensions: Object.fromEntries(groupBy.map((d) => [d, (r[DIMENSIONS[d]] as string | null) ?? null])),
      ...toSums(r),
    }));
  }

  async top(w: Window, by: Dimension, limit: number): Promise<(UsageSums & { id: string | null })[]> {
    const column = DIMENSIONS[by];
    const rows = await this.db.query(
      `SELECT ${column} AS id, ${SUMS} FROM ledger_entries WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3
       GROUP BY 1 ORDER BY sum(cost_micros) DESC, 1 LIMIT $4`,
      [w.orgId, w.from, w.to, limit],
    );
    return rows.map((r) => ({ id: r.id as string | null, ...toSums(r) }));
  }

  async totals(w: Window): Promise<UsageSums> {
    const [row] = await this.db.query(`SELECT ${SUMS} FROM ledger_entries WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3`, [w.orgId, w.from, w.to]);
    return toSums(row);
  }

  /** One page of ledger entries in recording order, after `afterSeq`. */
  async entries(w: Window, afterSeq: string | undefined, limit: number): Promise<LedgerRow[]> {
    const rows = await this.db.query(
      `SELECT seq::text, request_id, occurred_at, key_id, user_id, team_id, project_id, agent_id, model, provider, deployment,
              input_tokens::text, output_tokens::text, cached_input_tokens::text, cache_write_tokens::text, reasoning_tokens::text,
              cost_micros::text, reserved_micros::text, status, estimated, late
       FROM ledger_entries WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND ledger_entries.seq > $4
       ORDER BY ledger_entries.seq LIMIT $5`,
      [w.orgId, w.from, w.to, afterSeq ?? '0', limit],
    );
    return rows.map((r) => ({
      seq: r.seq as string,
      requestId: r.request_id as string,
      occurredAt: r.occurred_at as Date,
      keyId: r.key_id as string,
      userId: r.user_id as string | null,
      teamId: r.team_id as string | null,
      projectId: r.project_id as string | null,
      agentId: r.agent_id as string | null,
      model: r.model as string,
      provider: r.provider as string,
      deployment: r.deployment as string | null,
      inputTokens: r.input_tokens as string,
      outputTokens: r.output_tokens as string,
      cachedInputTokens: r.cached_input_tokens as string,
      cacheWriteTokens: r.cache_write_tokens as string,
      reasoningTokens: r.reasoning_tokens as string,
      costMicros: r.cost_micros as string,
      reservedMicros: r.reserved_micros as string | null,
      status: r.status as string,
      estimated: r.estimated as boolean,
      late: r.late as boolean,
    }));
  }

  /** Priced usage per (scope column, provider, model) in a window: what recommendations look at. */
  async usageGroups(w: Window, scopeColumn: 'team_id' | 'key_id'): Promise<UsageGroup[]> {
    const rows = await this.db.query(
      `SELECT ${scopeColumn} AS scope_id, provider, model, count(*)::int AS requests, sum(input_tokens)::text AS input_tokens,
              sum(output_tokens)::text AS output_tokens, sum(cached_input_tokens)::text AS cached_input_tokens, sum(cost_micros)::text AS cost_micros
       FROM ledger_entries WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND status = 'priced'
       GROUP BY 1, 2, 3 ORDER BY sum(cost_micros) DESC LIMIT 1000`,
      [w.orgId, w.from, w.to],
    );
    return rows.map((r) => ({
      scopeId: r.scope_id as string | null,
      provider: r.provider as string,
      model: r.model as string,
      requests: r.requests as number,
      inputTokens: BigInt(r.input_tokens as string),
      outputTokens: BigInt(r.output_tokens as string),
      cachedInputTokens: BigInt(r.cached_input_tokens as string),
      costMicros: BigInt(r.cost_micros as string),
    }));
  }

  /** Spend on one budget's scope since an instant (the run-rate of a forecast). */
  async scopeSpend(orgId: string, scopeKind: string, scopeId: string, model: string | null, from: Date, to: Date): Promise<bigint> {
    const column = scopeKind === 'org' ? null : DIMENSIONS[scopeKind as Dimension];
    const [row] = await this.db.query<{ cost: string }>(
      `SELECT coalesce(sum(cost_micros), 0)::text AS cost FROM ledger_entries
       WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 ${column ? `AND ${column} = $4` : 'AND $4::text IS NOT NULL'} AND ($5::text IS NULL OR model = $5)`,
      [orgId, from, to, scopeId, model],
    );
    return BigInt(row.cost);
  }

  /** Start and end of the calendar month containing `at` in a time zone. */
  async monthBounds(at: Date, timezone: string): Promise<{ start: Date; end: Date }> {
    const [row] = await this.db.query<{ period_start: Date; period_end: Date }>(`SELECT * FROM budget_period_bounds('monthly', $1, $2, NULL, $2)`, [timezone, at]);
    return { start: row.period_start, end: row.period_end };
  }
}
