import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const sandboxViolationEvent = defineEvent({
  subject: EVENTS.sandboxViolation,
  version: 1,
  stream: STREAMS.sandbox.name,
  description: 'A sandboxed execution hit a limit or tried something its policy forbids.',
  schema: z.object({
    sandboxId: idSchema,
    executionId: idSchema.optional(),
    kind: z.enum(['egress_denied', 'timeout', 'memory_limit', 'cpu_limit', 'output_limit', 'filesystem']),
    detail: z.string().max(1024),
  }),
});
export type SandboxViolation = EventData<typeof sandboxViolationEvent>;
