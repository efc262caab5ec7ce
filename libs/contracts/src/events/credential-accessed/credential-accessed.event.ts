import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const credentialAccessedEvent = defineEvent({
  subject: EVENTS.credentialAccessed,
  version: 1,
  stream: STREAMS.credentials.name,
  description:
    'Audit record of one access to a credential: a lease, an admin reveal, a read of its metadata, a write or any other change. ' +
    'Never carries the value.',
  schema: z.object({
    credentialId: idSchema,
    action: z.enum(['lease', 'reveal', 'read', 'create', 'write', 'update', 'delete', 'undelete', 'destroy', 'bind', 'unbind', 'rotation-started', 'remove']),
    actorId: idSchema.describe('Admin actor, or the requester named in a lease'),
    provider: z.string().min(1).max(64).optional(),
    versions: z.array(z.number().int().positive()).optional(),
    deployment: z.string().min(1).max(256).optional(),
    leaseId: idSchema.optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    reason: z.string().max(512).optional(),
  }),
});
export type CredentialAccessed = EventData<typeof credentialAccessedEvent>;
