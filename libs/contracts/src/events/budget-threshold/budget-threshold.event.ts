import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema, microsSchema } from '../common/common.schema';

export const budgetThresholdEvent = defineEvent({
  subject: EVENTS.budgetThreshold,
  version: 1,
  stream: STREAMS.budget.name,
  description: 'A budget crossed a threshold (e.g. 50/80/100 %); published once per period and threshold.',
  schema: z.object({
    budgetId: idSchema,
    scope: z.object({ kind: z.enum(['org', 'team', 'project', 'user', 'key', 'model']), id: idSchema }),
    thresholdPercent: z.number().int().min(1).max(1000),
    spentMicros: microsSchema,
    limitMicros: microsSchema,
    periodStart: z.iso.datetime({ offset: true }),
    periodEnd: z.iso.datetime({ offset: true }).optional(),
  }),
});
export type BudgetThreshold = EventData<typeof budgetThresholdEvent>;
