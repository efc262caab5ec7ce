import { z } from 'zod';

export const idSchema = z.string().min(1).max(128);

/** Who a request was made by, as resolved by the gateway from the virtual key. */
export const principalSchema = z.object({
  keyId: idSchema,
  userId: idSchema.optional(),
  teamId: idSchema.optional(),
  projectId: idSchema.optional(),
  agentId: idSchema.optional(),
});
export type Principal = z.infer<typeof principalSchema>;

export const tokenUsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cachedInputTokens: z.number().int().nonnegative().optional(),
  reasoningTokens: z.number().int().nonnegative().optional(),
});
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

/** Money is integer micro-units of the currency (1 USD = 1_000_000), never floating point. */
export const microsSchema = z.number().int().nonnegative();
