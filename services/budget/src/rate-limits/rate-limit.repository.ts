import { Injectable } from '@nestjs/common';
import { BudgetDb, PG, pgCode } from '../db/budget-db';
import { BudgetError, BudgetErrorCode } from '../budget.exception';

export interface RateLimitView {
  id: string;
  orgId: string;
  scope: { kind: string; id: string };
  metric: 'requests' | 'tokens';
  perMinute: number;
  burst: number;
  createdAt: string;
}

const toView = (r: Record<string, unknown>): RateLimitView => ({
  id: r.id as string,
  orgId: r.org_id as string,
  scope: { kind: r.scope_kind as string, id: r.scope_id as string },
  metric: r.metric as RateLimitView['metric'],
  perMinute: Number(r.per_minute),
  burst: Number(r.burst),
  createdAt: (r.created_at as Date).toISOString(),
});

/** Rate-limit definitions; their buckets (tat_us) move only in the authorise/settle functions. */
@Injectable()
export class RateLimitRepository {
  constructor(private readonly db: BudgetDb) {}

  async create(r: { id: string; orgId: string; scopeKind: string; scopeId: string; metric: string; perMinute: number; burst: number }, now: Date): Promise<RateLimitView> {
    try {
      const [row] = await this.db.query(
        `INSERT INTO rate_limits (id, org_id, scope_kind, scope_id, metric, per_minute, burst, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING *`,
        [r.id, r.orgId, r.scopeKind, r.scopeId, r.metric, r.perMinute, r.burst, now],
      );
      return toView(row);
    } catch (e) {
      if (pgCode(e) === PG.uniqueViolation) {
        throw new BudgetError(BudgetErrorCode.RateLimitConflict, `${r.scopeKind} ${r.scopeId} already has a ${r.metric} rate limit; change or delete it`);
      }
      throw e;
    }
  }

  async list(orgId: string): Promise<RateLimitView[]> {
    return (await this.db.query(`SELECT * FROM rate_limits WHERE org_id = $1 ORDER BY scope_kind, scope_id, metric`, [orgId])).map(toView);
  }

  async update(orgId: string, id: string, perMinute: number, burst: number, now: Date): Promise<RateLimitView | undefined> {
    const [row] = await this.db.query(`UPDATE rate_limits SET per_minute = $3, burst = $4, updated_at = $5 WHERE org_id = $1 AND id = $2 RETURNING *`, [
      orgId,
      id,
      perMinute,
      burst,
      now,
    ]);
    return row ? toView(row) : undefined;
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    return (await this.db.query(`DELETE FROM rate_limits WHERE org_id = $1 AND id = $2 RETURNING id`, [orgId, id])).length === 1;
  }
}
