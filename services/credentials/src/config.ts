import { adminKeySchema, baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';

const base64Key = z
  .string()
  .refine((s) => /^[A-Za-z0-9+/]+={0,2}$/.test(s) && Buffer.from(s, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)');
const kekId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ -');
const kekList = z
  .string()
  .refine(
    (s) =>
      s.split(',').every((item) => {
        const at = item.trim().indexOf(':');
        return at > 0 && kekId.safeParse(item.trim().slice(0, at)).success && base64Key.safeParse(item.trim().slice(at + 1)).success;
      }),
    'a comma-separated list of <kek id>:<32 bytes base64>',
  );

/** Credentials's environment: the platform's base variables plus its own (documented in README). */
export const credentialsConfigSchema = baseConfigSchema
  .extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(8084),
    IRONCAGE_ADMIN_KEY: adminKeySchema,
    /** Where secret values live: the built-in envelope-encrypted Postgres store or a Vault KV v2 mount. */
    CREDENTIALS_BACKEND: z.enum(['postgres', 'vault']).default('postgres'),
    /** Key-encryption key (32 bytes, base64) that wraps each org's data key. Required in production. */
    CREDENTIALS_KEK: base64Key.optional(),
    CREDENTIALS_KEK_ID: kekId.default('local-1'),
    /** Other KEKs, unwrap only (`id:base64,...`): the previous one while re-wrapping, the next one before switching. */
    CREDENTIALS_KEK_DECRYPT_ONLY: kekList.optional(),
    VAULT_ADDR: z.url().optional(),
    VAULT_TOKEN: z.string().min(1).optional(),
    VAULT_ROLE_ID: z.string().min(1).optional(),
    VAULT_SECRET_ID: z.string().min(1).optional(),
    VAULT_NAMESPACE: z.string().min(1).optional(),
    VAULT_KV_MOUNT: z.string().regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/).default('secret'),
    VAULT_KV_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/).default('ironcage'),
    /** Default and upper bound of a lease's lifetime. */
    CREDENTIALS_LEASE_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
    /** Rotation interval when a credential does not set its own (reminders for manual providers). */
    CREDENTIALS_ROTATION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** How long the previous version keeps working after a rotation; at least the lease TTL. */
    CREDENTIALS_ROTATION_GRACE_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(900),
    /** Start-to-close timeout of each rotation activity (a crashed worker's attempt is retried after it). */
    CREDENTIALS_ROTATION_ACTIVITY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** A reminder for an overdue credential is repeated this often. */
    CREDENTIALS_REMINDER_REPEAT_DAYS: z.coerce.number().int().min(1).max(365).default(7),
    /** When the reminder workflow looks for credentials due for rotation (UTC). */
    CREDENTIALS_REMINDER_CRON: z.string().min(9).default('0 7 * * *'),
    /**
     * Provider API base URLs to use instead of the public ones, as JSON (`{"openai":"http://127.0.0.1:9000"}`); keys:
     * openai, anthropic, azure-login, azure-arm, gcp-iam, aws-iam, aws-sts. For tests and private endpoints; set by the operator only.
     */
    CREDENTIALS_PROVIDER_ENDPOINTS: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (!s) return {} as Record<string, string>;
        try {
          const v = z.record(z.string(), z.url()).parse(JSON.parse(s));
          return v;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JSON object of provider → URL' });
          return z.NEVER;
        }
      }),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.CREDENTIALS_KEK && c.CREDENTIALS_BACKEND === 'postgres') {
      ctx.addIssue({ code: 'custom', path: ['CREDENTIALS_KEK'], message: 'is required in production (the built-in store encrypts with it)' });
    }
    if (c.CREDENTIALS_BACKEND === 'vault') {
      if (!c.VAULT_ADDR) ctx.addIssue({ code: 'custom', path: ['VAULT_ADDR'], message: 'is required when CREDENTIALS_BACKEND=vault' });
      if (!c.VAULT_TOKEN && !(c.VAULT_ROLE_ID && c.VAULT_SECRET_ID)) {
        ctx.addIssue({ code: 'custom', path: ['VAULT_TOKEN'], message: 'VAULT_TOKEN or VAULT_ROLE_ID + VAULT_SECRET_ID is required when CREDENTIALS_BACKEND=vault' });
      }
    }
    if (c.CREDENTIALS_ROTATION_GRACE_SECONDS < c.CREDENTIALS_LEASE_TTL_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['CREDENTIALS_ROTATION_GRACE_SECONDS'],
        message: 'must be at least CREDENTIALS_LEASE_TTL_SECONDS, or a revoked key could still be leased out',
      });
    }
  });
export type CredentialsConfig = z.infer<typeof credentialsConfigSchema>;
