import { baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';

/** Budget's environment: the platform's base variables plus its own (documented in README). */
export const budgetConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(8082),
});
export type BudgetConfig = z.infer<typeof budgetConfigSchema>;
