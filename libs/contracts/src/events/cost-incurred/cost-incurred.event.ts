import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema, microsSchema, principalSchema, tokenUsageSchema } from '../common/common.schema';

export const costIncurredEvent = defineEvent({
  subject: EVENTS.costIncurred,
  version: 1,
  stream: STREAMS.costs.name,
  description: 'The metered cost of one request; settles the budget reservation made for it.',
  schema: z.object({
    requestId: idSchema,
    principal: principalSchema,
    model: z.string().min(1).max(256),
    provider: z.string().min(1).max(64),
    deployment: z.string().max(256).optional(),
    usage: tokenUsageSchema,
    costMicros: microsSchema,
    currency: z.literal('USD'),
    /** True when tokens were counted by us because the provider reported none. */
    estimated: z.boolean(),
    priced: z.boolean(),
  }),
});
export type CostIncurred = EventData<typeof costIncurredEvent>;
