import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema, microsSchema } from '../common/common.schema';
import { budgetScopeSchema } from '../../rpc/budget.rpc';

export const budgetThresholdEvent = defineEvent({
  subject: EVENTS.budgetThreshold,
  version: 1,
  stream: STREAMS.budget.name,
  description:
    'A budget crossed a threshold (e.g. 50/80/100 %) of its limit with settled spend; published once per budget, period and threshold (the event id is derived from the three, so a re-publish is stored once).',
  schema: z.object({
    budgetId: idSchema,
    budgetName: z.string().max(256).optional(),
    scope: budgetScopeSchema,
    thresholdPercent: z.number().int().min(1).max(1000),
    spentMicros: microsSchema,
    limitMicros: microsSchema,
    /** True when the budget refuses requests past its limit; false for a soft (alert-only) budget. */
    enforced: z.boolean().optional(),
    periodStart: z.iso.datetime({ offset: true }),
    periodEnd: z.iso.datetime({ offset: true }).optional(),
  }),
});
export type BudgetThreshold = EventData<typeof budgetThresholdEvent>;
