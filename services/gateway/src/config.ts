import { adminKeySchema, baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';
import { dataPlaneConfigShape } from './inference/data-plane.config';

/** Gateway's environment: the platform's base variables plus its own (documented in README). */
export const gatewayConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** The bootstrap platform-admin key; `npm run up` generates one into .data/demo.env. */
  IRONCAGE_ADMIN_KEY: adminKeySchema,
  /** Organisation the bootstrap admin key acts for until org-scoped keys exist. */
  IRONCAGE_DEFAULT_ORG: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case id').default('demo'),
  /** Data plane: model catalogue, provider keys, routing, hot path, gRPC (inference/data-plane.config.ts). */
  ...dataPlaneConfigShape,
  /**
   * Server secret of the keyed hash (HMAC-SHA256) under which virtual and admin keys are stored.
   * Required when NODE_ENV=production; elsewhere derived from IRONCAGE_ADMIN_KEY when unset.
   * Changing it invalidates every key.
   */
  GATEWAY_KEY_HASH_SECRET: z.string().min(32, 'must be at least 32 characters').max(512).optional(),
  /** How long a resolved key stays cached without an invalidation event (safety net for missed events). */
  GATEWAY_KEY_CACHE_TTL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** Most keys cached per gateway process (least recently used beyond that). */
  GATEWAY_KEY_CACHE_MAX: z.coerce.number().int().min(100).max(10_000_000).default(100_000),
  /** Where provider keys come from: `config` (GATEWAY_PROVIDER_KEYS and the well-known variables) or `lease` (the credentials service, credential-leases/). */
  GATEWAY_CREDENTIALS: z.enum(['config', 'lease']).default('config'),
  /** Organisation whose credential bindings the catalogue's deployments are leased from; IRONCAGE_DEFAULT_ORG when unset. */
  GATEWAY_CREDENTIALS_ORG: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case id').optional(),
}).superRefine((config, ctx) => {
  if (config.NODE_ENV === 'production' && !config.GATEWAY_KEY_HASH_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['GATEWAY_KEY_HASH_SECRET'], message: 'is required when NODE_ENV=production' });
  }
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
