import { baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';

/** DataSync's environment: the platform's base variables plus its own (documented in README). */
export const dataSyncConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(8087),
});
export type DataSyncConfig = z.infer<typeof dataSyncConfigSchema>;
