import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema, principalSchema, tokenUsageSchema } from '../common/common.schema';

export const requestReceivedEvent = defineEvent({
  subject: EVENTS.requestReceived,
  version: 1,
  stream: STREAMS.requests.name,
  description: 'The gateway finished handling a request (successfully or not). One per request.',
  schema: z.object({
    requestId: idSchema,
    principal: principalSchema,
    endpoint: z.string().min(1).max(256),
    method: z.string().min(1).max(16),
    status: z.number().int().min(100).max(599),
    latencyMs: z.number().nonnegative(),
    model: z.string().max(256).optional(),
    provider: z.string().max(64).optional(),
    stream: z.boolean().optional(),
    usage: tokenUsageSchema.optional(),
    errorCode: z.string().max(128).optional(),
  }),
});
export type RequestReceived = EventData<typeof requestReceivedEvent>;
