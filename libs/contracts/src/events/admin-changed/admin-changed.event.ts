import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const adminChangedEvent = defineEvent({
  subject: EVENTS.adminChanged,
  version: 1,
  stream: STREAMS.admin.name,
  description: 'An administrative change: keys, teams, roles, access grants, policies.',
  schema: z.object({
    actorId: idSchema,
    action: z.string().min(1).max(128),
    resourceType: z.string().min(1).max(64),
    resourceId: idSchema,
    changes: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type AdminChanged = EventData<typeof adminChangedEvent>;
