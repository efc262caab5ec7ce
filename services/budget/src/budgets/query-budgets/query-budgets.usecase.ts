import { Injectable } from '@nestjs/common';
import { budgetScopeKindSchema } from '@ironcage/contracts';
import { z } from 'zod';
import { BudgetError, BudgetErrorCode } from '../../budget.exception';
import { Clock } from '../../clock/clock';
import { orgIdSchema, type BudgetView } from '../budget';
import { BudgetRepository } from '../budget.repository';

export const listBudgetsSchema = z.object({
  orgId: orgIdSchema,
  scopeKind: budgetScopeKindSchema.optional(),
  scopeId: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListBudgetsQuery = z.output<typeof listBudgetsSchema>;

/** Budgets with their current period (spent, held, remaining, when it resets), derived from the clock. */
@Injectable()
export class QueryBudgetsUseCase {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly clock: Clock,
  ) {}

  list(q: ListBudgetsQuery): Promise<BudgetView[]> {
    return this.budgets.list(q.orgId, this.clock.now(), q);
  }

  async get(orgId: string, id: string): Promise<BudgetView> {
    const budget = await this.budgets.get(orgId, id, this.clock.now());
    if (!budget) throw new BudgetError(BudgetErrorCode.BudgetNotFound, `No budget ${id} in org ${orgId}`);
    return budget;
  }
}
