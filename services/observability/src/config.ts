import { adminKeySchema, baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';

/** Observability's environment: the platform's base variables plus its own (documented in README). */
export const observabilityConfigSchema = baseConfigSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(8086),
  IRONCAGE_ADMIN_KEY: adminKeySchema,
  /** Audit entries older than this are purged by the retention workflow (per-org settings come later). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
  /** Cron for the retention schedule (UTC). */
  AUDIT_RETENTION_CRON: z.string().min(9).default('17 3 * * *'),
});
export type ObservabilityConfig = z.infer<typeof observabilityConfigSchema>;
