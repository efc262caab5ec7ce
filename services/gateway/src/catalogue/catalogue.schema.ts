import { z } from 'zod';
import { PROVIDER_IDS } from '../providers';

/**
 * The model catalogue file (YAML or JSON, `GATEWAY_MODELS_FILE`). Public model names map to one
 * or more deployments; routing, timeouts and circuit breakers are set per catalogue, model or
 * deployment (the most specific wins). Documented in README (Model catalogue).
 */

export const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}$/;
const modelName = z.string().regex(MODEL_NAME, 'must be 1-128 characters: letters, digits and . _ : / @ + -, starting with a letter or digit');
const deploymentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/@+#-]{0,127}$/, 'must be 1-128 characters: letters, digits and . _ : / @ + # -');
const credentialRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be 1-128 characters: letters, digits and . _ -');

const ms = (max: number) => z.number().int().min(1).max(max);

export const timeoutsSchema = z.strictObject({
  /** TCP + TLS connect. */
  connectMs: ms(60_000).optional(),
  /** Until the response headers (non-streaming calls: the whole answer). */
  firstByteMs: ms(3_600_000).optional(),
  /** Longest silence between two chunks of a stream. */
  idleMs: ms(3_600_000).optional(),
  /** One attempt, stream included. */
  totalMs: ms(3_600_000).optional(),
});

export const breakerSchema = z.strictObject({
  /** Consecutive failures (429, 5xx, timeouts, connection errors) that open the breaker. */
  failureThreshold: z.number().int().min(1).max(1000).optional(),
  /** How long an open breaker skips the deployment before letting a probe through. */
  openMs: ms(3_600_000).optional(),
  /** Probes let through at once while half-open. */
  halfOpenProbes: z.number().int().min(1).max(100).optional(),
  /** Successful probes that close the breaker again. */
  successThreshold: z.number().int().min(1).max(100).optional(),
  /** Open at once on a 429 that says when to retry (for that long, at most `maxOpenMs`). */
  openOnRetryAfter: z.boolean().optional(),
  /** Upper bound of an open period chosen from a `retry-after`. */
  maxOpenMs: ms(3_600_000).optional(),
});

/** USD per million tokens (equivalently micro-USD per token). */
export const pricingSchema = z.strictObject({
  input: z.number().min(0).max(1_000_000),
  output: z.number().min(0).max(1_000_000),
  cachedInput: z.number().min(0).max(1_000_000).optional(),
});

export const routingStrategySchema = z.enum(['weighted', 'least-busy']);

export const deploymentSchema = z.strictObject({
  /** Unique across the catalogue; circuit breakers and metrics are keyed by it. Default `<model>#<index>`. */
  id: deploymentId.optional(),
  provider: z.enum(PROVIDER_IDS as [string, ...string[]], { error: `must be one of ${PROVIDER_IDS.join(', ')}` }),
  /** The upstream model (Azure: deployment name; Bedrock: model id or inference profile). */
  model: z.string().min(1).max(256),
  /** Credential reference: a key of GATEWAY_PROVIDER_KEYS (default: the provider id). */
  credential: credentialRef.optional(),
  /** Share of traffic under `weighted` routing (0 keeps it as a fallback only). */
  weight: z.number().min(0).max(1_000_000).default(1),
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  region: z.string().min(1).max(64).optional(),
  apiVersion: z.string().min(1).max(64).optional(),
  extra: z.record(z.string(), z.unknown()).optional(),
  timeouts: timeoutsSchema.optional(),
  breaker: breakerSchema.optional(),
  /** Overrides the model's pricing for this deployment. */
  pricing: pricingSchema.optional(),
});

export const modelSchema = z.strictObject({
  type: z.enum(['chat', 'embeddings']).default('chat'),
  description: z.string().max(1000).optional(),
  routing: routingStrategySchema.optional(),
  /** Most deployments tried for one request (first try included); default: the catalogue's. */
  maxAttempts: z.number().int().min(1).max(20).optional(),
  /** Other public models tried, in order, once this model's deployments are exhausted. */
  fallbacks: z.array(modelName).max(10).default([]),
  pricing: pricingSchema.optional(),
  timeouts: timeoutsSchema.optional(),
  breaker: breakerSchema.optional(),
  deployments: z.array(deploymentSchema).min(1, 'needs at least one deployment').max(100),
});

export const catalogueFileSchema = z.strictObject({
  /** Keep the built-in `mock/*` models (a model of the same name in this file replaces one). */
  builtins: z.boolean().default(true),
  defaults: z
    .strictObject({
      routing: routingStrategySchema.optional(),
      maxAttempts: z.number().int().min(1).max(20).optional(),
      timeouts: timeoutsSchema.optional(),
      breaker: breakerSchema.optional(),
    })
    .default({}),
  models: z.record(modelName, modelSchema).default({}),
  /** Extra public names for models: `fast: openai/gpt-4o-mini`. */
  aliases: z.record(modelName, modelName).default({}),
});

export type CatalogueFile = z.infer<typeof catalogueFileSchema>;
export type CatalogueFileInput = z.input<typeof catalogueFileSchema>;
export type ModelEntry = z.infer<typeof modelSchema>;
export type DeploymentEntry = z.infer<typeof deploymentSchema>;
export type BreakerSettings = Required<z.infer<typeof breakerSchema>>;
export type TimeoutSettings = z.infer<typeof timeoutsSchema>;
export type Pricing = z.infer<typeof pricingSchema>;
export type RoutingStrategy = z.infer<typeof routingStrategySchema>;
