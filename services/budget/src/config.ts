import { adminKeySchema, baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';

/** A year and a day: enough to reach the end of any calendar period. */
const MAX_CLOCK_OFFSET_MS = 366 * 24 * 3_600_000;

/** Budget's environment: the platform's base variables plus its own (documented in README). */
export const budgetConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(8082),
  IRONCAGE_ADMIN_KEY: adminKeySchema,
  /** An authorised request that has not settled after this long has its reservation released (keep it above the gateway's longest request). */
  BUDGET_RESERVATION_TTL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(900),
  /** Padding on the gateway's prompt-token estimate when reserving (the provider's count can differ from the tokenizer's). */
  BUDGET_INPUT_MARGIN_PERCENT: z.coerce.number().int().min(0).max(100).default(10),
  /** Output cap reserved when neither the request nor the price catalogue gives one. */
  BUDGET_DEFAULT_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(1).max(10_000_000).default(4096),
  /** How long a replica keeps a resolved price or org policy before asking Postgres again. */
  BUDGET_CACHE_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  /** How often the maintenance workflow releases expired reservations and re-publishes pending events. */
  BUDGET_MAINTENANCE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /**
   * Development and tests only: the service's clock runs this many milliseconds ahead of the
   * system's (behind when negative), so a test can bring every replica to the end of a budget
   * period and watch it reset. Refused when NODE_ENV=production.
   */
  BUDGET_CLOCK_OFFSET_MS: z.coerce
    .number()
    .int()
    .min(-MAX_CLOCK_OFFSET_MS)
    .max(MAX_CLOCK_OFFSET_MS)
    .default(0),
}).superRefine((c, ctx) => {
  if (c.NODE_ENV === 'production' && c.BUDGET_CLOCK_OFFSET_MS !== 0) {
    ctx.addIssue({ code: 'custom', path: ['BUDGET_CLOCK_OFFSET_MS'], message: 'must be 0 (unset) when NODE_ENV=production: a shifted clock moves every budget period' });
  }
});
export type BudgetConfig = z.infer<typeof budgetConfigSchema>;
