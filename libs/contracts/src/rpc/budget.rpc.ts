import { z } from 'zod';
import { defineRpc } from '../define';
import { RPC } from '../subjects';
import { idSchema, microsSchema, principalSchema, tokenUsageSchema } from '../events/common/common.schema';

export const budgetAuthorizeRpc = defineRpc({
  subject: RPC.budgetAuthorize,
  description: "Reserve a request's worst-case cost on every budget that applies to it, atomically, or refuse.",
  request: z.object({
    requestId: idSchema,
    orgId: idSchema,
    principal: principalSchema,
    model: z.string().min(1).max(256),
    provider: z.string().min(1).max(64),
    estimatedInputTokens: z.number().int().nonnegative(),
    maxOutputTokens: z.number().int().nonnegative(),
  }),
  response: z.discriminatedUnion('allowed', [
    z.object({ allowed: z.literal(true), reservationId: idSchema, reservedMicros: microsSchema }),
    z.object({
      allowed: z.literal(false),
      scope: z.object({ kind: z.string(), id: idSchema }),
      limitMicros: microsSchema,
      spentMicros: microsSchema,
      resetsAt: z.iso.datetime({ offset: true }).optional(),
      reason: z.string(),
    }),
  ]),
  timeoutMs: 250,
});

export const budgetSettleRpc = defineRpc({
  subject: RPC.budgetSettle,
  description: 'Settle a reservation to the actual cost (the same as consuming cost.incurred, synchronously).',
  request: z.object({ requestId: idSchema, orgId: idSchema, usage: tokenUsageSchema, costMicros: microsSchema }),
  response: z.object({ settled: z.boolean() }),
  timeoutMs: 500,
});
