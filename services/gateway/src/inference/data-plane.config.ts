import { z } from 'zod';

const onOff = z.enum(['on', 'off']);
const failMode = z.enum(['closed', 'open']);
const orgId = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** `orgA:open,orgB:closed` → `{ orgA: 'open', orgB: 'closed' }`. */
const failModeByOrg = z
  .string()
  .transform((text, ctx) => {
    const out: Record<string, 'open' | 'closed'> = {};
    for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [org, mode] = item.split(':').map((s) => s.trim());
      if (!org || !orgId.test(org) || (mode !== 'open' && mode !== 'closed')) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not <org id>:open or <org id>:closed` });
        return z.NEVER;
      }
      out[org] = mode;
    }
    return out;
  })
  .default({});

/** `{"openai": "sk-…", "azure-eu": "…"}`: provider keys by credential reference. Values are never logged. */
const providerKeys = z
  .string()
  .transform((text, ctx) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of credential reference → key' });
      return z.NEVER;
    }
    const parsed = z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/), z.string().min(1)).safeParse(value);
    if (!parsed.success) {
      // the message names the offending reference, never a key
      ctx.addIssue({ code: 'custom', message: `must map credential references (letters, digits, . _ -) to non-empty strings: ${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}` });
      return z.NEVER;
    }
    return parsed.data;
  })
  .default({});

const optionalKey = z.string().min(1).optional();

/**
 * The data plane's environment (catalogue, routing, hot path, gRPC), spread into the gateway's
 * config schema. Documented in README (Gateway configuration).
 */
export const dataPlaneConfigShape = {
  /** YAML or JSON model catalogue; unset: the built-in `mock/*` models only. */
  GATEWAY_MODELS_FILE: z.string().min(1).optional(),
  /** Provider keys by credential reference (a deployment's `credential`, default its provider id). */
  GATEWAY_PROVIDER_KEYS: providerKeys,
  /** Well-known variables, each the key of the credential reference named after its provider. */
  OPENAI_API_KEY: optionalKey,
  AZURE_OPENAI_API_KEY: optionalKey,
  ANTHROPIC_API_KEY: optionalKey,
  GEMINI_API_KEY: optionalKey,
  MISTRAL_API_KEY: optionalKey,
  COHERE_API_KEY: optionalKey,
  GROQ_API_KEY: optionalKey,
  TOGETHER_API_KEY: optionalKey,
  /** Whole-request deadline, fallbacks and streaming included. */
  GATEWAY_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(600_000),
  /**
   * Refusals no organisation can be named for (no key, a key nobody issued) recorded per second
   * per replica, in the `_unattributed` organisation; beyond it they are only counted
   * (`gateway_unattributed_refusals_unrecorded_total`), so a flood of garbage keys cannot flood
   * the bus and the audit trail. 0: no limit.
   */
  GATEWAY_UNATTRIBUTED_EVENTS_PER_SECOND: z.coerce.number().int().min(0).max(1_000_000).default(200),
  /** `on`: every call is scanned by guardrails (`guardrails.scan.input` / `.output`). */
  GATEWAY_GUARDRAILS: onOff.default('off'),
  /** `on`: every call reserves its worst-case cost with budget (`budget.authorize`). */
  GATEWAY_BUDGET: onOff.default('off'),
  /**
   * How long a call waits for budget's decision (`budget.authorize`) before the failure mode applies.
   * Decisions on one budget are taken one at a time (its row is locked), so a burst of calls on one
   * key queues: the default covers the budget benchmark's 500 concurrent calls on one budget (p99
   * 0.55 s on 2 vCPUs); the contract's own 250 ms refused a 400-call burst entirely (docs/budget.md).
   */
  GATEWAY_BUDGET_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** What to do when guardrails or budget is on but does not answer: refuse (`closed`) or go ahead (`open`). */
  GATEWAY_FAIL_MODE: failMode.default('closed'),
  /** Per-organisation overrides of GATEWAY_FAIL_MODE: `orgA:open,orgB:closed`. */
  GATEWAY_FAIL_MODE_ORGS: failModeByOrg,
  /**
   * How long a call waits for guardrails' scan of its prompt or completion before the failure
   * mode applies; the default is the contract's 200 ms (a 1 KB scan takes under 1 ms plus the
   * NATS round trip).
   */
  GATEWAY_GUARDRAILS_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  /** Streamed output is scanned in windows of this many characters (guardrails on). */
  GATEWAY_GUARDRAILS_STREAM_WINDOW: z.coerce.number().int().min(16).max(1_000_000).default(128),
  /** gRPC port for platform-internal clients; 0 disables it. Default 9080, or disabled when NODE_ENV=test. */
  GATEWAY_GRPC_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** gRPC bind address (default: HOST). */
  GATEWAY_GRPC_HOST: z.string().min(1).optional(),
};

export type DataPlaneConfig = z.infer<z.ZodObject<typeof dataPlaneConfigShape>> & { NODE_ENV: string; HOST: string };

export const WELL_KNOWN_KEY_VARIABLES = {
  openai: 'OPENAI_API_KEY',
  'azure-openai': 'AZURE_OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  gemini: 'GEMINI_API_KEY',
  mistral: 'MISTRAL_API_KEY',
  cohere: 'COHERE_API_KEY',
  groq: 'GROQ_API_KEY',
  together: 'TOGETHER_API_KEY',
} as const satisfies Record<string, keyof DataPlaneConfig>;

/** The gRPC port in effect: explicit, else 9080 outside tests (parallel test gateways must not collide). */
export function grpcPort(config: Pick<DataPlaneConfig, 'GATEWAY_GRPC_PORT' | 'NODE_ENV'>): number {
  return config.GATEWAY_GRPC_PORT ?? (config.NODE_ENV === 'test' ? 0 : 9080);
}
