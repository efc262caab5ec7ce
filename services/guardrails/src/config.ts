import { baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';

/** Guardrails's environment: the platform's base variables plus its own (documented in README). */
export const guardrailsConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(8081),
});
export type GuardrailsConfig = z.infer<typeof guardrailsConfigSchema>;
