import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';
import { policyScopeSchema } from '../policy-violated/policy-violated.event';

export const policyChangedEvent = defineEvent({
  subject: EVENTS.policyChanged,
  version: 1,
  stream: STREAMS.policy.name,
  description:
    "A guardrails policy version became active (upload with activation, activation or rollback) for an org, team or agent. " +
    'Every guardrails replica evicts the org from its policy cache when it sees one.',
  schema: z.object({
    scope: policyScopeSchema,
    version: z.number().int().positive(),
    previousVersion: z.number().int().positive().nullable(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('Of the YAML source of the now active version'),
    changedBy: idSchema.optional(),
  }),
});
export type PolicyChanged = EventData<typeof policyChangedEvent>;
