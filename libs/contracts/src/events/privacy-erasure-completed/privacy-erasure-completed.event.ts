import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const privacyErasureCompletedEvent = defineEvent({
  subject: EVENTS.privacyErasureCompleted,
  version: 1,
  stream: STREAMS.privacy.name,
  description:
    'One service finished an erasure request: how many of its records named the person and what it did with them. ' +
    'Never repeats the person’s identifier; the audit trail records it as the proof of completion.',
  schema: z.object({
    erasureId: idSchema,
    service: z.string().min(1).max(64),
    action: z.enum(['deleted', 'pseudonymised', 'none']).describe('`none`: the service held nothing about the person'),
    records: z.number().int().nonnegative(),
    pseudonym: z.string().max(128).optional().describe('What the person is called from now on, where pseudonymised'),
  }),
});
export type PrivacyErasureCompleted = EventData<typeof privacyErasureCompletedEvent>;
