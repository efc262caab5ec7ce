import { baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';

/** Credentials's environment: the platform's base variables plus its own (documented in README). */
export const credentialsConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(8084),
});
export type CredentialsConfig = z.infer<typeof credentialsConfigSchema>;
