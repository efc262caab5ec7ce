import { Injectable } from '@nestjs/common';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { BudgetError, BudgetErrorCode } from '../../budget.exception';
import { Clock } from '../../clock/clock';
import { thresholdsSchema, type BudgetView } from '../budget';
import { BudgetRepository } from '../budget.repository';

export const updateBudgetSchema = z
  .object({
    name: z.string().min(1).max(256).optional(),
    limitMicros: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('New limit in integer micro-USD; applies to the next request'),
    thresholds: thresholdsSchema.optional(),
    enforce: z.boolean().optional(),
    active: z.boolean().optional().describe('An inactive budget neither refuses nor counts'),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'nothing to change');
export type UpdateBudgetCommand = z.input<typeof updateBudgetSchema>;

/** Changes a budget's limit, thresholds or state; its scope and period are fixed (create another budget instead). */
@Injectable()
export class UpdateBudgetUseCase {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly clock: Clock,
  ) {}

  async execute(orgId: string, id: string, command: UpdateBudgetCommand): Promise<BudgetView> {
    const parsed = updateBudgetSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('The change is invalid', zodIssuesToDetails(parsed.error, 'body'));
    const p = parsed.data;
    const updated = await this.budgets.update(orgId, id, { ...p, limitMicros: p.limitMicros === undefined ? undefined : BigInt(p.limitMicros) }, this.clock.now());
    if (!updated) throw new BudgetError(BudgetErrorCode.BudgetNotFound, `No budget ${id} in org ${orgId}`);
    return updated;
  }

  async delete(orgId: string, id: string): Promise<void> {
    if (!(await this.budgets.delete(orgId, id))) throw new BudgetError(BudgetErrorCode.BudgetNotFound, `No budget ${id} in org ${orgId}`);
  }
}
