import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { Clock } from '../../clock/clock';
import { orgIdSchema, periodSchema, scopeInputSchema, thresholdsSchema, timeZoneSchema, type BudgetView } from '../budget';
import { BudgetRepository } from '../budget.repository';

export const createBudgetSchema = z
  .object({
    orgId: orgIdSchema,
    name: z.string().min(1).max(256),
    scope: scopeInputSchema,
    limitMicros: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('The limit in integer micro-USD: $1 = 1000000'),
    period: periodSchema.describe('daily, weekly (ISO weeks, from Monday), monthly: calendar periods in `timezone`; total: never resets; custom: `periodSeconds` long from `anchor`'),
    periodSeconds: z.number().int().min(60).max(366 * 86_400).optional().describe('Length of a custom period'),
    timezone: timeZoneSchema.default('UTC').describe('IANA time zone the calendar periods are aligned to'),
    anchor: z.iso.datetime({ offset: true }).optional().describe('Start of the first custom period, or of a total budget (default: now)'),
    thresholds: thresholdsSchema.default([50, 80, 100]),
    enforce: z.boolean().default(true).describe('Refuse requests past the limit (default); false: only publish thresholds'),
  })
  .superRefine((b, ctx) => {
    if (b.period === 'custom' && b.periodSeconds === undefined) ctx.addIssue({ code: 'custom', path: ['periodSeconds'], message: 'required for period custom' });
    if (b.period !== 'custom' && b.periodSeconds !== undefined) ctx.addIssue({ code: 'custom', path: ['periodSeconds'], message: 'only for period custom' });
    if (b.scope.kind === 'org' && b.scope.id !== undefined && b.scope.id !== b.orgId) ctx.addIssue({ code: 'custom', path: ['scope', 'id'], message: 'an org budget is on the org itself' });
    if (b.scope.kind !== 'org' && b.scope.id === undefined) ctx.addIssue({ code: 'custom', path: ['scope', 'id'], message: `required for scope ${b.scope.kind}` });
  });
export type CreateBudgetCommand = z.input<typeof createBudgetSchema>;

/** Creates a budget on one scope of one org; it applies to the next request. */
@Injectable()
export class CreateBudgetUseCase {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: CreateBudgetCommand): Promise<BudgetView> {
    const parsed = createBudgetSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('The budget is invalid', zodIssuesToDetails(parsed.error, 'body'));
    const b = parsed.data;
    const now = this.clock.now();
    return this.budgets.create(
      {
        id: randomUUID(),
        orgId: b.orgId,
        name: b.name,
        scopeKind: b.scope.kind,
        scopeId: b.scope.kind === 'org' ? b.orgId : b.scope.id!,
        model: b.scope.model?.trim().toLowerCase() ?? null,
        limitMicros: BigInt(b.limitMicros),
        period: b.period,
        periodSeconds: b.periodSeconds ?? null,
        timezone: b.timezone,
        anchor: b.anchor ? new Date(b.anchor) : now,
        thresholds: b.thresholds,
        enforce: b.enforce,
      },
      now,
    );
  }
}
