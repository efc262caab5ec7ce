import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const alertNotifiedEvent = defineEvent({
  subject: EVENTS.alertNotified,
  version: 1,
  stream: STREAMS.alerts.name,
  description:
    'One notification of an alert to one channel was settled: delivered, or failed for good (dead-lettered after its attempts, or refused as not retryable). ' +
    'Names the channel, never its URL, routing key, password or signing secret.',
  schema: z.object({
    deliveryId: idSchema.describe('Also sent to the receiver (webhook header X-IronCage-Delivery) for idempotency'),
    alertId: idSchema,
    ruleId: idSchema,
    channelId: idSchema,
    channelKind: z.enum(['slack', 'pagerduty', 'email', 'webhook']),
    notification: z.enum(['firing', 'repeat', 'resolved']),
    outcome: z.enum(['delivered', 'failed']),
    attempts: z.number().int().positive(),
    responseStatus: z.number().int().optional(),
    reason: z.string().max(1024).optional(),
  }),
});
export type AlertNotified = EventData<typeof alertNotifiedEvent>;
