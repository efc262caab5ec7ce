import { baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';

/** Sandbox's environment: the platform's base variables plus its own (documented in README). */
export const sandboxConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(8083),
});
export type SandboxConfig = z.infer<typeof sandboxConfigSchema>;
