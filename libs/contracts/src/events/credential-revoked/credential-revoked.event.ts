import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const credentialRevokedEvent = defineEvent({
  subject: EVENTS.credentialRevoked,
  version: 1,
  stream: STREAMS.credentials.name,
  description:
    'Versions of a credential that must not be used any more (revoked at the provider after a rotation, deleted or destroyed ' +
    'by an admin, or the whole credential removed): lease holders drop them at once.',
  schema: z.object({
    credentialId: idSchema,
    provider: z.string().min(1).max(64),
    versions: z.array(z.number().int().positive()).describe('Empty when the whole credential was removed'),
    reason: z.enum(['rotated', 'deleted', 'destroyed', 'removed']),
    providerRevoked: z.boolean().describe('False when the provider has no API for it and someone must revoke the key by hand'),
    rotationId: idSchema.optional(),
  }),
});
export type CredentialRevoked = EventData<typeof credentialRevokedEvent>;
