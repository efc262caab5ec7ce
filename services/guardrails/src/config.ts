import { adminKeySchema, baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';

const key32 = z
  .string()
  .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be 32 bytes, base64 (openssl rand -base64 32)');

/** Guardrails's environment: the platform's base variables plus its own (documented in README). */
export const guardrailsConfigSchema = baseConfigSchema
  .extend({
    PORT: z.coerce.number().int().min(1).max(65535).default(8081),
    IRONCAGE_ADMIN_KEY: adminKeySchema,
    /**
     * Seals token vaults handed to callers (`vaultToken`) so any replica can de-tokenise an output.
     * Every replica needs the same key; required in production, random per process elsewhere.
     */
    GUARDRAILS_VAULT_KEY: key32.optional(),
    /** How long a request's token vault (and a stream's state) lives without an output scan: above the gateway's request timeout. */
    GUARDRAILS_VAULT_TTL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(900),
    /** HMAC key of the `hash` redaction mode (stable pseudonyms across requests). Random per process when unset. */
    GUARDRAILS_HASH_KEY: z.string().min(16).optional(),
    /** Safety net behind the policy.changed events: a cached org policy is re-read after this long. */
    GUARDRAILS_POLICY_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Injection model file (default: services/guardrails/models/injection-v*.json beside the build). */
    GUARDRAILS_INJECTION_MODEL_PATH: z.string().min(1).optional(),
    /** Resolve host names of URL arguments (SSRF check) with this time limit. */
    GUARDRAILS_DNS_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(500),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.GUARDRAILS_VAULT_KEY) {
      ctx.addIssue({ code: 'custom', path: ['GUARDRAILS_VAULT_KEY'], message: 'is required when NODE_ENV=production (openssl rand -base64 32)' });
    }
  });
export type GuardrailsConfig = z.infer<typeof guardrailsConfigSchema>;
