import { z } from 'zod';
import { defineRpc } from '../define';
import { RPC } from '../subjects';
import { idSchema, microsSchema, principalSchema, tokenUsageSchema } from '../events/common/common.schema';

/** What a budget or a rate limit is attached to. `model` narrows a budget to one model within the scope. */
export const budgetScopeKindSchema = z.enum(['org', 'team', 'project', 'user', 'key', 'agent']);
export type BudgetScopeKind = z.infer<typeof budgetScopeKindSchema>;
export const budgetScopeSchema = z.object({
  kind: budgetScopeKindSchema,
  id: idSchema,
  model: z.string().min(1).max(256).optional(),
});
export type BudgetScope = z.infer<typeof budgetScopeSchema>;

const tokens = z.number().int().nonnegative();

/**
 * Usage as the budget service prices it: the platform's token usage plus what some models bill on
 * top. `inputTokens` counts every prompt token, cached and cache-written ones included (OpenAI's
 * convention; an Anthropic adapter adds cache reads and writes to its `input_tokens`);
 * `outputTokens` counts every generated token, reasoning included.
 */
export const meteredUsageSchema = tokenUsageSchema.extend({
  cacheWriteTokens: tokens.optional(),
  audioInputTokens: tokens.optional(),
  audioOutputTokens: tokens.optional(),
  inputImages: tokens.optional(),
  outputImages: tokens.optional(),
});
export type MeteredUsage = z.infer<typeof meteredUsageSchema>;

const instant = z.iso.datetime({ offset: true });

const allowedSchema = z.object({
  allowed: z.literal(true),
  reservationId: idSchema,
  /** Worst-case cost held on every applicable budget until the request settles. */
  reservedMicros: microsSchema,
  /** The most output tokens the reservation covers: pass it to the provider as the request's output cap. */
  maxOutputTokens: tokens,
  /** When an unsettled reservation is released. */
  expiresAt: instant,
  /** False when the model has no price and the org's policy records it as unpriced. */
  priced: z.boolean(),
  /** Smallest amount left on any applicable hard budget after this reservation; null when no budget applies. */
  remainingMicros: microsSchema.nullable(),
});

const budgetExceededSchema = z.object({
  allowed: z.literal(false),
  code: z.literal('budget_exceeded'),
  reason: z.string(),
  budgetId: idSchema,
  scope: budgetScopeSchema,
  limitMicros: microsSchema,
  /** Settled spend of the current period. */
  spentMicros: microsSchema,
  /** Held by requests in flight. */
  reservedMicros: microsSchema,
  /** What this request would have needed (its worst-case cost). */
  requestedMicros: microsSchema,
  /** Start of the next period; absent for a budget that never resets (period `total`). */
  resetsAt: instant.optional(),
});

const rateLimitedSchema = z.object({
  allowed: z.literal(false),
  code: z.literal('rate_limited'),
  reason: z.string(),
  rateLimitId: idSchema,
  scope: budgetScopeSchema,
  metric: z.enum(['requests', 'tokens']),
  /** Requests or tokens per minute. */
  limit: z.number().int().positive(),
  /** Units used in the sliding minute (the bucket's fill). */
  used: z.number().int().nonnegative(),
  requested: z.number().int().nonnegative(),
  /** When enough capacity is back for this request; absent when the request can never fit the limit. */
  resetsAt: instant.optional(),
  retryAfterMs: z.number().int().nonnegative().optional(),
});

const unpricedSchema = z.object({
  allowed: z.literal(false),
  code: z.literal('unpriced_model'),
  reason: z.string(),
  scope: budgetScopeSchema,
  provider: z.string(),
  model: z.string(),
});

export const budgetAuthorizeRpc = defineRpc({
  subject: RPC.budgetAuthorize,
  description:
    "Reserve a request's worst-case cost (prompt tokens + max output tokens at current prices) on every budget that applies to it, and take its share of every rate limit, atomically; or refuse naming the scope, the limit, what was spent and when it resets. Idempotent on (orgId, requestId).",
  request: z.object({
    requestId: idSchema,
    orgId: idSchema,
    principal: principalSchema,
    model: z.string().min(1).max(256),
    provider: z.string().min(1).max(64),
    /** The deployment the gateway routes to, when a deployment has its own price. */
    deployment: z.string().min(1).max(256).optional(),
    /** Prompt tokens, counted by the gateway with the model family's tokenizer. */
    estimatedInputTokens: tokens,
    /** The client's output cap (max_tokens); absent: the model's maximum output from the price catalogue. */
    maxOutputTokens: tokens.optional(),
    stream: z.boolean().optional(),
  }),
  response: z.discriminatedUnion('allowed', [allowedSchema, z.discriminatedUnion('code', [budgetExceededSchema, rateLimitedSchema, unpricedSchema])]),
  timeoutMs: 250,
});

export const budgetSettleRpc = defineRpc({
  subject: RPC.budgetSettle,
  description:
    'Settle a request to its actual usage (the same as consuming cost.incurred, synchronously): one ledger entry per (orgId, requestId), the reservation released, the cost charged to every applicable budget. Idempotent.',
  request: z.object({
    requestId: idSchema,
    orgId: idSchema,
    usage: meteredUsageSchema,
    /** The cost the gateway computed or the provider reported; kept for reconciliation, used only for models without a price. */
    costMicros: microsSchema.optional(),
    /** Required when the request was never authorised (nothing to take them from). */
    principal: principalSchema.optional(),
    model: z.string().min(1).max(256).optional(),
    provider: z.string().min(1).max(64).optional(),
    deployment: z.string().min(1).max(256).optional(),
    /** True when tokens were counted by the gateway because the provider reported none (e.g. a cut stream). */
    estimated: z.boolean().optional(),
    /** When the cost was incurred (default: now). */
    occurredAt: instant.optional(),
  }),
  response: z.object({
    /** True when this call recorded the request; false when it had been settled before (nothing changed). */
    settled: z.boolean(),
    costMicros: microsSchema,
    priced: z.boolean(),
    /** True when the reservation had already expired and been released. */
    late: z.boolean(),
  }),
  timeoutMs: 500,
});
