import { baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';

/** McpCatalog's environment: the platform's base variables plus its own (documented in README). */
export const mcpCatalogConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(8085),
});
export type McpCatalogConfig = z.infer<typeof mcpCatalogConfigSchema>;
