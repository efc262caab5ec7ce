import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema, principalSchema } from '../common/common.schema';

export const approvalDecidedEvent = defineEvent({
  subject: EVENTS.approvalDecided,
  version: 1,
  stream: STREAMS.policy.name,
  description: 'A held action was approved or denied by a person, or expired (denied) — with who decided, for the audit trail.',
  schema: z.object({
    approvalId: idSchema,
    requestId: idSchema.optional(),
    principal: principalSchema.optional(),
    kind: z.enum(['tool', 'prompt']),
    tool: z.string().max(256).optional(),
    decision: z.enum(['approved', 'denied', 'expired']),
    /** The approver, or `system:timeout` when nobody decided in time. */
    decidedBy: idSchema,
    comment: z.string().max(1024).optional(),
    decidedAt: z.iso.datetime({ offset: true }),
  }),
});
export type ApprovalDecided = EventData<typeof approvalDecidedEvent>;
