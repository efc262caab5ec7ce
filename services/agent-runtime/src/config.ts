import { baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';

/** AgentRuntime's environment: the platform's base variables plus its own (documented in README). */
export const agentRuntimeConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(8088),
});
export type AgentRuntimeConfig = z.infer<typeof agentRuntimeConfigSchema>;
