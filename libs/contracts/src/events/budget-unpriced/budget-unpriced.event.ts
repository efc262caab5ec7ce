import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const budgetUnpricedEvent = defineEvent({
  subject: EVENTS.budgetUnpriced,
  version: 1,
  stream: STREAMS.budget.name,
  description:
    'A model with no price in the catalogue was asked for: refused (org policy `refuse`) or served and recorded as unpriced (`record_unpriced`). Published once per org, provider, model and UTC day.',
  schema: z.object({
    provider: z.string().min(1).max(64),
    model: z.string().min(1).max(256),
    deployment: z.string().max(256).optional(),
    policy: z.enum(['refuse', 'record_unpriced']),
    /** The first request of the day that hit it. */
    requestId: idSchema,
    day: z.iso.date(),
  }),
});
export type BudgetUnpriced = EventData<typeof budgetUnpricedEvent>;
