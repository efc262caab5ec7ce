import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema, principalSchema } from '../common/common.schema';

/** Where a policy document applies: the whole org, one team or one agent (most specific wins). */
export const policyScopeSchema = z
  .string()
  .regex(/^(org|team:[A-Za-z0-9._:@-]{1,128}|agent:[A-Za-z0-9._:@-]{1,128})$/, 'must be `org`, `team:<id>` or `agent:<id>`');

export const policyViolatedEvent = defineEvent({
  subject: EVENTS.policyViolated,
  version: 1,
  stream: STREAMS.policy.name,
  description:
    'A guardrail blocked, redacted or held something: which scanner or rule fired, with what action and why. ' +
    'Carries types and offsets of findings, never the matched text or the secret.',
  schema: z.object({
    requestId: idSchema.optional(),
    principal: principalSchema.optional(),
    direction: z.enum(['input', 'output', 'tool']),
    scanner: z.string().min(1).max(64).describe('injection, pii, secrets, tools, or scan (the scan itself failed)'),
    ruleId: z.string().min(1).max(128).describe('Policy path that decided, e.g. `input.pii`, `tools.rules[2]`, `tools.default`'),
    action: z.enum(['block', 'redact', 'require_approval', 'flag']),
    severity: z.enum(['low', 'medium', 'high', 'critical']),
    policyVersion: z.number().int().nonnegative().optional(),
    policyScope: policyScopeSchema.optional(),
    /** Why, in words safe to show: never the matched value. */
    reason: z.string().max(512).optional(),
    tool: z.string().max(256).optional(),
    approvalId: idSchema.optional(),
    findings: z
      .array(
        z.object({
          type: z.string().max(64),
          start: z.number().int(),
          end: z.number().int(),
          /** Which of the request's texts (0 when there is one). */
          index: z.number().int().nonnegative().optional(),
          score: z.number().min(0).max(1).optional(),
        }),
      )
      .max(1000)
      .optional(),
  }),
});
export type PolicyViolated = EventData<typeof policyViolatedEvent>;
