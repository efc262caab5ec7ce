import { adminKeySchema, baseConfigSchema } from '@ironcage/kit';
import { z } from 'zod';
import { parseSecretsKey } from './alerts/channels/secret-box';
import { parsePublicKey, parseSigningKey } from './audit/chain/audit-signer';
import { parseOtlpHeaders } from './traces/traces.config';

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
    /** Cron for the schedule that verifies every org's chain and announces a break as `audit.chain-broken` (UTC; default hourly). */
    AUDIT_VERIFY_CRON: z.string().min(9).default('41 * * * *'),
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
    /** AES-256 key (32 bytes, base64 or hex) sealing alert channel secrets at rest. Required in production; elsewhere a public development key is used (and logged). */
    ALERTS_SECRETS_KEY: z.string().min(1).superRefine(validKey(parseSecretsKey)).optional(),
    /** How often open alerts are re-evaluated: resolve, silences, repeats. */
    ALERTS_EVALUATE_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(10_000),
    /** How often queued notifications are looked for (a new alert is sent at once anyway). */
    ALERTS_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
    /** Attempts per notification before it is dead-lettered (status `failed`). */
    ALERTS_DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    /** First retry delay, doubled per attempt (with jitter)… */
    ALERTS_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(2000),
    /** …up to this; a Retry-After is honoured up to it too. */
    ALERTS_RETRY_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(600_000),
    /** Time limit of one delivery attempt (HTTP request or SMTP session). */
    ALERTS_DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** PagerDuty Events API v2 endpoint for channels that do not name their own. */
    ALERTS_PAGERDUTY_EVENTS_URL: z.url({ protocol: /^https?$/ }).default('https://events.pagerduty.com/v2/enqueue'),
    /**
     * Bearer token OTLP exporters must send to `POST /v1/traces` (`OTEL_EXPORTER_OTLP_HEADERS=authorization=Bearer%20<token>`).
     * Required in production; elsewhere, without it, ingest is open to whoever reaches the port.
     */
    OBSERVABILITY_OTLP_TOKEN: z.string().min(16).optional(),
    /** Largest OTLP body accepted (after gzip decompression too). */
    OBSERVABILITY_OTLP_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(8 * 1024 * 1024),
    /** OTLP/HTTP base URL (`/v1/traces` is appended) every received batch is forwarded to: a collector, Jaeger, Langfuse, Datadog… */
    OBSERVABILITY_OTLP_FORWARD_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    /** Headers for the forward endpoint, `OTEL_EXPORTER_OTLP_HEADERS` syntax: `key=value,key2=value2` (values percent-encoded). */
    OBSERVABILITY_OTLP_FORWARD_HEADERS: z
      .string()
      .superRefine(validKey((s) => parseOtlpHeaders(s)))
      .optional(),
    /** Batches waiting to be forwarded at most; beyond it new batches are dropped (counted). */
    OBSERVABILITY_OTLP_FORWARD_QUEUE_MAX: z.coerce.number().int().min(1).max(100_000).default(1000),
    /** Spans received longer ago than this are deleted. */
    TRACES_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
    /** Latest occurrences kept per error group (older ones go once 10 minutes old). */
    ERRORS_OCCURRENCES_PER_GROUP: z.coerce.number().int().min(1).max(10_000).default(50),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.AUDIT_SIGNING_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUDIT_SIGNING_KEY'],
        message: 'is required when NODE_ENV=production (an Ed25519 private key: openssl genpkey -algorithm ed25519)',
      });
    }
    if (c.NODE_ENV === 'production' && !c.OBSERVABILITY_OTLP_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['OBSERVABILITY_OTLP_TOKEN'], message: 'is required when NODE_ENV=production (at least 16 characters: openssl rand -base64 32)' });
    }
    if (c.NODE_ENV === 'production' && !c.ALERTS_SECRETS_KEY) {
      ctx.addIssue({ code: 'custom', path: ['ALERTS_SECRETS_KEY'], message: 'is required when NODE_ENV=production (32 bytes: openssl rand -base64 32)' });
    }
  });
export type ObservabilityConfig = z.infer<typeof observabilityConfigSchema>;
