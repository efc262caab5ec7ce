import { Injectable } from '@nestjs/common';
import { BudgetDb } from '../db/budget-db';
import type { BudgetView, Period } from './budget';

export interface NewBudget {
  id: string;
  orgId: string;
  name: string;
  scopeKind: string;
  scopeId: string;
  model: string | null;
  limitMicros: bigint;
  period: Period;
  periodSeconds: number | null;
  timezone: string;
  anchor: Date;
  thresholds: number[];
  enforce: boolean;
}

export interface BudgetPatch {
  name?: string;
  limitMicros?: bigint;
  thresholds?: number[];
  enforce?: boolean;
  active?: boolean;
}

/** The current period's figures are derived from the clock, the same way the authorise function derives them. */
const VIEW = `
  SELECT b.id, b.org_id, b.name, b.scope_kind, b.scope_id, b.model, b.limit_micros, b.period, b.period_seconds, b.timezone, b.anchor,
         b.thresholds, b.enforce, b.active, b.reserved_micros, b.created_at, b.updated_at,
         greatest(pb.period_start, b.period_start) AS cur_start, pb.period_end AS cur_end,
         CASE WHEN pb.period_start > b.period_start THEN 0 ELSE b.spent_micros END AS cur_spent
  FROM budgets b, LATERAL budget_period_bounds(b.period, b.timezone, b.anchor, b.period_seconds, $2) pb`;

function toView(r: Record<string, unknown>): BudgetView {
  const limit = Number(r.limit_micros);
  const spent = Number(r.cur_spent);
  const reserved = Number(r.reserved_micros);
  return {
    id: r.id as string,
    orgId: r.org_id as string,
    name: r.name as string,
    scope: { kind: r.scope_kind as string, id: r.scope_id as string, ...(r.model ? { model: r.model as string } : {}) },
    limitMicros: limit,
    period: r.period as Period,
    periodSeconds: r.period_seconds === null ? null : Number(r.period_seconds),
    timezone: r.timezone as string,
    anchor: (r.anchor as Date).toISOString(),
    thresholds: r.thresholds as number[],
    enforce: r.enforce as boolean,
    active: r.active as boolean,
    current: {
      periodStart: (r.cur_start as Date).toISOString(),
      periodEnd: r.cur_end ? (r.cur_end as Date).toISOString() : null,
      spentMicros: spent,
      reservedMicros: reserved,
      remainingMicros: limit - spent - reserved,
    },
    createdAt: (r.created_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
  };
}

/** The only code that writes budget definitions (their counters move only in the authorise/settle functions). */
@Injectable()
export class BudgetRepository {
  constructor(private readonly db: BudgetDb) {}

  async create(b: NewBudget, now: Date): Promise<BudgetView> {
    await this.db.query(
      `INSERT INTO budgets (id, org_id, name, scope_kind, scope_id, model, limit_micros, period, period_seconds, timezone, anchor, thresholds, enforce,
                            period_start, created_at, updated_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, pb.period_start, $14, $14
       FROM budget_period_bounds($8, $10, $11, $9, $14) pb`,
      [b.id, b.orgId, b.name, b.scopeKind, b.scopeId, b.model, b.limitMicros.toString(), b.period, b.periodSeconds, b.timezone, b.anchor, b.thresholds, b.enforce, now],
    );
    return (await this.get(b.orgId, b.id, now))!;
  }

  async get(orgId: string, id: string, now: Date): Promise<BudgetView | undefined> {
    const [row] = await this.db.query(`${VIEW} WHERE b.org_id = $1 AND b.id = $3`, [orgId, now, id]);
    return row ? toView(row) : undefined;
  }

  async list(orgId: string, now: Date, filter: { scopeKind?: string; scopeId?: string; limit: number; offset: number }): Promise<BudgetView[]> {
    const values: unknown[] = [orgId, now];
    const where = ['b.org_id = $1'];
    if (filter.scopeKind) {
      values.push(filter.scopeKind);
      where.push(`b.scope_kind = $${values.length}`);
    }
    if (filter.scopeId) {
      values.push(filter.scopeId);
      where.push(`b.scope_id = $${values.length}`);
    }
    values.push(filter.limit, filter.offset);
    const rows = await this.db.query(`${VIEW} WHERE ${where.join(' AND ')} ORDER BY b.created_at, b.id LIMIT $${values.length - 1} OFFSET $${values.length}`, values);
    return rows.map(toView);
  }

  async update(orgId: string, id: string, patch: BudgetPatch, now: Date): Promise<BudgetView | undefined> {
    const rows = await this.db.query(
      `UPDATE budgets SET name = coalesce($3, name), limit_micros = coalesce($4::bigint, limit_micros), thresholds = coalesce($5, thresholds),
              enforce = coalesce($6, enforce), active = coalesce($7, active), updated_at = $8
       WHERE org_id = $1 AND id = $2 RETURNING id`,
      [orgId, id, patch.name ?? null, patch.limitMicros?.toString() ?? null, patch.thresholds ?? null, patch.enforce ?? null, patch.active ?? null, now],
    );
    return rows.length ? this.get(orgId, id, now) : undefined;
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM budgets WHERE org_id = $1 AND id = $2 RETURNING id`, [orgId, id])).length === 1;
  }
}
