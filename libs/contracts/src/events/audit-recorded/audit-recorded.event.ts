import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const auditRecordedEvent = defineEvent({
  subject: EVENTS.auditRecorded,
  version: 1,
  stream: STREAMS.audit.name,
  description: 'Observability appended an entry to the audit trail.',
  schema: z.object({
    entryId: idSchema,
    sourceEventId: idSchema,
    action: z.string().min(1).max(128),
    outcome: z.string().max(64).optional(),
    sequence: z.number().int().nonnegative(),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});
export type AuditRecorded = EventData<typeof auditRecordedEvent>;
