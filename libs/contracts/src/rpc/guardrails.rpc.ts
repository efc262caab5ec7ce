import { z } from 'zod';
import { defineRpc } from '../define';
import { RPC } from '../subjects';
import { idSchema, principalSchema } from '../events/common/common.schema';

const findingSchema = z.object({
  scanner: z.string(),
  type: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  score: z.number().min(0).max(1).optional(),
});

const scanRequest = z.object({
  requestId: idSchema,
  orgId: idSchema,
  principal: principalSchema.optional(),
  texts: z.array(z.string().max(1_000_000)).min(1).max(256),
});

const scanResponse = z.object({
  action: z.enum(['allow', 'redact', 'block', 'require_approval']),
  texts: z.array(z.string()).optional(),
  findings: z.array(findingSchema),
  reason: z.string().optional(),
});

export const guardrailsScanInputRpc = defineRpc({
  subject: RPC.guardrailsScanInput,
  description: 'Scan prompt texts before they reach a provider; may redact or block.',
  request: scanRequest,
  response: scanResponse,
  timeoutMs: 200,
});

export const guardrailsScanOutputRpc = defineRpc({
  subject: RPC.guardrailsScanOutput,
  description: 'Scan completion texts before they reach the caller; may redact or block.',
  request: scanRequest,
  response: scanResponse,
  timeoutMs: 200,
});

export const guardrailsAuthorizeToolRpc = defineRpc({
  subject: RPC.guardrailsAuthorizeTool,
  description: 'Decide whether an agent may call a tool with the given arguments.',
  request: z.object({
    requestId: idSchema,
    orgId: idSchema,
    principal: principalSchema,
    tool: z.string().min(1).max(256),
    arguments: z.record(z.string(), z.unknown()),
  }),
  response: z.object({
    decision: z.enum(['allow', 'deny', 'require_approval']),
    reason: z.string(),
    approvalId: idSchema.optional(),
  }),
  timeoutMs: 250,
});
