import { adminKeySchema, baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';
import { parsePublicKey, parseSigningKey } from './audit/chain/audit-signer';

const validKey = (parse: (text: string) => unknown) => (value: string, ctx: z.RefinementCtx) => {
  try {
    parse(value);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
};

/** Observability's environment: the platform's base variables plus its own (documented in README). */
export const observabilityConfigSchema = baseConfigSchema
  .extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(8086),
    IRONCAGE_ADMIN_KEY: adminKeySchema,
    /** Audit entries recorded longer ago than this are purged, for orgs without a retention setting of their own. */
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(400),
    /** Cron for the retention schedule (UTC). */
    AUDIT_RETENTION_CRON: z.string().min(9).default('17 3 * * *'),
    /**
     * Ed25519 private key that signs audit checkpoints: PEM, or base64 PKCS#8 DER. Required in
     * production; elsewhere a fixed, publicly derivable development key is used (and logged).
     */
    AUDIT_SIGNING_KEY: z.string().min(1).superRefine(validKey(parseSigningKey)).optional(),
    /** Public keys of earlier signing keys (base64 SPKI DER, comma-separated): their checkpoints stay verifiable after a key rotation. */
    AUDIT_TRUSTED_PUBLIC_KEYS: z
      .string()
      .superRefine(validKey((s) => s.split(',').filter((k) => k.trim()).forEach((k) => parsePublicKey(k))))
      .optional(),
    /** A signed checkpoint after this many entries of one org… */
    AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    /** …or this long after the last one, if anything was appended since. */
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    /** Most entries one org's append transaction takes at once. */
    AUDIT_INGEST_BATCH_MAX: z.coerce.number().int().min(1).max(5000).default(500),
    /** How long an event waits for others to share its append transaction. */
    AUDIT_INGEST_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(5),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.AUDIT_SIGNING_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUDIT_SIGNING_KEY'],
        message: 'is required when NODE_ENV=production (an Ed25519 private key: openssl genpkey -algorithm ed25519)',
      });
    }
  });
export type ObservabilityConfig = z.infer<typeof observabilityConfigSchema>;
