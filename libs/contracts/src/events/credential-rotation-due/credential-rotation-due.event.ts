import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const credentialRotationDueEvent = defineEvent({
  subject: EVENTS.credentialRotationDue,
  version: 1,
  stream: STREAMS.credentials.name,
  description:
    'A credential whose provider cannot be rotated through an API is due (or overdue) for rotation: a reminder for the owning ' +
    'team, for the alert channels to deliver. Paste the new key with `POST /v1/credentials/{id}/rotations`.',
  schema: z.object({
    credentialId: idSchema,
    name: z.string().min(1).max(128),
    provider: z.string().min(1).max(64),
    ownerTeam: idSchema.optional(),
    dueAt: z.iso.datetime({ offset: true }),
    lastRotatedAt: z.iso.datetime({ offset: true }).optional(),
    intervalDays: z.number().int().positive(),
  }),
});
export type CredentialRotationDue = EventData<typeof credentialRotationDueEvent>;
