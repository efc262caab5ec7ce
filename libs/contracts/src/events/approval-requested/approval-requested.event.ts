import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema, principalSchema } from '../common/common.schema';

export const approvalRequestedEvent = defineEvent({
  subject: EVENTS.approvalRequested,
  version: 1,
  stream: STREAMS.policy.name,
  description:
    'A high-risk action is held until a person approves it: approvers are notified from this event. ' +
    'Decide with POST /v1/approvals/{approvalId}/approve|deny on guardrails before expiresAt, or it is denied.',
  schema: z.object({
    approvalId: idSchema,
    requestId: idSchema.optional(),
    principal: principalSchema.optional(),
    kind: z.enum(['tool', 'prompt']),
    tool: z.string().max(256).optional(),
    risk: z.enum(['low', 'medium', 'high', 'critical']),
    reason: z.string().max(512),
    /** Arguments with secrets and PII replaced by placeholders, clipped. */
    argumentsPreview: z.string().max(4096).optional(),
    approvers: z.array(idSchema).max(100).optional(),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
});
export type ApprovalRequested = EventData<typeof approvalRequestedEvent>;
