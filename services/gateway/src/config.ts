import { adminKeySchema, baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';

/** Gateway's environment: the platform's base variables plus its own (documented in README). */
export const gatewayConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** The bootstrap platform-admin key; `npm run up` generates one into .data/demo.env. */
  IRONCAGE_ADMIN_KEY: adminKeySchema,
  /** Organisation the bootstrap admin key acts for until org-scoped keys exist. */
  IRONCAGE_DEFAULT_ORG: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case id').default('demo'),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
