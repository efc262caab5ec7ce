import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const docChangedEvent = defineEvent({
  subject: EVENTS.docChanged,
  version: 1,
  stream: STREAMS.docs.name,
  description: 'A connector saw a document created, updated or deleted at its source.',
  schema: z.object({
    connectorId: idSchema,
    documentId: idSchema,
    change: z.enum(['created', 'updated', 'deleted']),
    sourceVersion: z.string().max(128).optional(),
    contentHash: z.string().max(128).optional(),
  }),
});
export type DocChanged = EventData<typeof docChangedEvent>;
