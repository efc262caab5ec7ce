import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema, principalSchema } from '../common/common.schema';

export const policyViolatedEvent = defineEvent({
  subject: EVENTS.policyViolated,
  version: 1,
  stream: STREAMS.policy.name,
  description: 'A guardrail blocked, redacted or held something. Names what fired, never the matched secret.',
  schema: z.object({
    requestId: idSchema.optional(),
    principal: principalSchema.optional(),
    direction: z.enum(['input', 'output', 'tool']),
    scanner: z.string().min(1).max(64),
    ruleId: z.string().min(1).max(128),
    action: z.enum(['block', 'redact', 'require_approval', 'flag']),
    severity: z.enum(['low', 'medium', 'high', 'critical']),
    policyVersion: z.number().int().nonnegative().optional(),
    findings: z.array(z.object({ type: z.string().max(64), start: z.number().int(), end: z.number().int() })).max(1000).optional(),
  }),
});
export type PolicyViolated = EventData<typeof policyViolatedEvent>;
