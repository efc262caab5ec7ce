import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { budgetScopeKindSchema } from '@ironcage/contracts';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { BudgetError, BudgetErrorCode } from '../../budget.exception';
import { orgIdSchema } from '../../budgets/budget';
import { Clock } from '../../clock/clock';
import { RateLimitRepository, type RateLimitView } from '../rate-limit.repository';

const perMinuteSchema = z.number().int().min(1).max(60_000_000).describe('Requests or tokens per minute, refilled continuously');
const burstSchema = z.number().int().min(1).max(1_000_000_000).optional().describe('Most units taken at once (default: perMinute)');

export const createRateLimitSchema = z
  .object({
    orgId: orgIdSchema,
    scope: z.object({ kind: budgetScopeKindSchema, id: z.string().min(1).max(128).optional() }),
    metric: z.enum(['requests', 'tokens']),
    perMinute: perMinuteSchema,
    burst: burstSchema,
  })
  .superRefine((r, ctx) => {
    if (r.scope.kind !== 'org' && r.scope.id === undefined) ctx.addIssue({ code: 'custom', path: ['scope', 'id'], message: `required for scope ${r.scope.kind}` });
  });
export type CreateRateLimitCommand = z.input<typeof createRateLimitSchema>;

export const updateRateLimitSchema = z.object({ perMinute: perMinuteSchema, burst: burstSchema });
export type UpdateRateLimitCommand = z.input<typeof updateRateLimitSchema>;

/**
 * Requests- and tokens-per-minute limits on a scope. They are token buckets (GCRA) kept in
 * Postgres and checked by the same call that reserves the budget, so every replica sees one bucket.
 */
@Injectable()
export class ManageRateLimitsUseCase {
  constructor(
    private readonly limits: RateLimitRepository,
    private readonly clock: Clock,
  ) {}

  async create(command: CreateRateLimitCommand): Promise<RateLimitView> {
    const parsed = createRateLimitSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('The rate limit is invalid', zodIssuesToDetails(parsed.error, 'body'));
    const r = parsed.data;
    return this.limits.create(
      {
        id: randomUUID(),
        orgId: r.orgId,
        scopeKind: r.scope.kind,
        scopeId: r.scope.kind === 'org' ? r.orgId : r.scope.id!,
        metric: r.metric,
        perMinute: r.perMinute,
        burst: r.burst ?? r.perMinute,
      },
      this.clock.now(),
    );
  }

  list(orgId: string): Promise<RateLimitView[]> {
    return this.limits.list(orgId);
  }

  async update(orgId: string, id: string, command: UpdateRateLimitCommand): Promise<RateLimitView> {
    const parsed = updateRateLimitSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('The change is invalid', zodIssuesToDetails(parsed.error, 'body'));
    const updated = await this.limits.update(orgId, id, parsed.data.perMinute, parsed.data.burst ?? parsed.data.perMinute, this.clock.now());
    if (!updated) throw new BudgetError(BudgetErrorCode.RateLimitNotFound, `No rate limit ${id} in org ${orgId}`);
    return updated;
  }

  async delete(orgId: string, id: string): Promise<void> {
    if (!(await this.limits.delete(orgId, id))) throw new BudgetError(BudgetErrorCode.RateLimitNotFound, `No rate limit ${id} in org ${orgId}`);
  }
}
