import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const credentialRotatedEvent = defineEvent({
  subject: EVENTS.credentialRotated,
  version: 1,
  stream: STREAMS.credentials.name,
  description:
    'A credential moved to a new version: lease holders drop their cached lease and lease again. The previous version ' +
    'keeps working at the provider until `previousValidUntil`. Carries ids and versions only, never the value.',
  schema: z.object({
    credentialId: idSchema,
    provider: z.string().min(1).max(64),
    previousVersion: z.number().int().nonnegative().optional(),
    currentVersion: z.number().int().positive(),
    rotationId: idSchema.optional(),
    previousValidUntil: z.iso.datetime({ offset: true }).optional(),
    mode: z.enum(['automatic', 'manual', 'replace']).optional().describe('Provider API rotation, pasted key, or an admin replacing the value'),
  }),
});
export type CredentialRotated = EventData<typeof credentialRotatedEvent>;
