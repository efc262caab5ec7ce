import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema, microsSchema, principalSchema, tokenUsageSchema } from '../common/common.schema';

export const costIncurredEvent = defineEvent({
  subject: EVENTS.costIncurred,
  version: 1,
  stream: STREAMS.costs.name,
  description:
    'The metered cost of one request; settles the budget reservation made for it. One per request, refused ones included: a request refused before a model was authorised (401, 400, 403, 404, 413) costs 0 and has no model or provider.',
  schema: z.object({
    requestId: idSchema,
    principal: principalSchema,
    /** The public model that served (or would have served) the request; absent when it was refused before a model was authorised. */
    model: z.string().min(1).max(256).optional(),
    provider: z.string().min(1).max(64).optional(),
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
