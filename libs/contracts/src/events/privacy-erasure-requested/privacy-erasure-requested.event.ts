import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const privacyErasureRequestedEvent = defineEvent({
  subject: EVENTS.privacyErasureRequested,
  version: 1,
  stream: STREAMS.privacy.name,
  description:
    'A person of the org asked to be forgotten (GDPR art. 17). Every service that holds personal data deletes or pseudonymises ' +
    "what names them and reports back with `privacy.erasure-completed`; the audit trail keeps only a pseudonym for them.",
  schema: z.object({
    erasureId: idSchema.describe('Names the request in every report back'),
    subjectId: idSchema.describe('The identifier naming the person in events: a user id (or their e-mail where that is the id)'),
    requestedBy: idSchema.describe('Who asked for it: the person, their admin or the privacy officer'),
    reason: z.string().max(512).optional(),
  }),
});
export type PrivacyErasureRequested = EventData<typeof privacyErasureRequestedEvent>;
