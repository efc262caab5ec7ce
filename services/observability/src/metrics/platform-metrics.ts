import { Injectable } from '@nestjs/common';
import { type CostIncurred, type Envelope, EVENTS, type PolicyViolated, type RequestReceived } from '@ironcage/contracts';
import { MetricsRegistry } from '@ironcage/kit';
import { Counter, Histogram } from 'prom-client';

/**
 * Bucket boundaries the OpenTelemetry GenAI semantic conventions advise for
 * `gen_ai.client.token.usage` (tokens) and `gen_ai.client.operation.duration` (seconds)
 * (semantic-conventions, docs/gen-ai/gen-ai-metrics.md).
 */
export const GENAI_TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
export const GENAI_DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** Refusals that mean "over a budget or a rate limit" (the gateway's error codes). */
const BUDGET_REFUSALS = new Set(['budget_exceeded', 'rate_limited']);

/** The GenAI operation an endpoint performs (REST and gRPC), else undefined (e.g. a model listing). */
export function operationOf(endpoint: string): 'chat' | 'embeddings' | undefined {
  if (/\/(chat\/completions|messages)$|\/(Stream)?ChatCompletion$/.test(endpoint)) return 'chat';
  if (/\/embeddings$|\/Embeddings$/.test(endpoint)) return 'embeddings';
  return undefined;
}

const statusClass = (status: number): string => `${Math.floor(status / 100)}xx`;
const none = (v: string | undefined): string => v ?? '';

/**
 * The platform's product metrics, counted from the events every request leaves (request.received,
 * cost.incurred, policy.violated) and served on this service's `/metrics`: request rate and errors,
 * latency, tokens and cost by org / team / model / provider, guardrail blocks, budget refusals —
 * plus the GenAI client metrics under their Prometheus names. Fed by the audit consumer with each
 * event it newly records, so every event is counted exactly once across replicas (a redelivery is
 * not recorded again) and without a consumer of its own: a third consumer of every event halved
 * the service's ingest rate (bench/observability, 3,300–3,500 → 1,700–2,000 events/s).
 * Prometheus sums the replicas.
 */
@Injectable()
export class PlatformMetrics {
  readonly requests: Counter<'org' | 'team' | 'model' | 'provider' | 'status_class'>;
  readonly errors: Counter<'org' | 'model' | 'provider' | 'status' | 'code'>;
  readonly duration: Histogram<'org' | 'model' | 'provider' | 'status_class'>;
  readonly tokens: Counter<'org' | 'team' | 'model' | 'provider' | 'type'>;
  readonly cost: Counter<'org' | 'team' | 'model' | 'provider'>;
  readonly guardrailBlocks: Counter<'org' | 'scanner' | 'direction'>;
  readonly budgetRefusals: Counter<'org' | 'code'>;
  readonly genaiTokens: Histogram<'gen_ai_operation_name' | 'gen_ai_provider_name' | 'gen_ai_request_model' | 'gen_ai_token_type'>;
  readonly genaiDuration: Histogram<'gen_ai_operation_name' | 'gen_ai_provider_name' | 'gen_ai_request_model' | 'error_type'>;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.requests = new Counter({ name: 'ironcage_requests_total', help: 'Requests the gateway finished, by organisation, team, model, provider and status class', labelNames: ['org', 'team', 'model', 'provider', 'status_class'], registers });
    this.errors = new Counter({ name: 'ironcage_request_errors_total', help: 'Requests that ended with status 400 or more, by error code', labelNames: ['org', 'model', 'provider', 'status', 'code'], registers });
    this.duration = new Histogram({
      name: 'ironcage_request_duration_seconds',
      help: 'Gateway request latency as the gateway measured it (first byte to last), by organisation, model and provider',
      labelNames: ['org', 'model', 'provider', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.tokens = new Counter({ name: 'ironcage_tokens_total', help: 'Tokens metered, by type (input, output, cached_input, reasoning)', labelNames: ['org', 'team', 'model', 'provider', 'type'], registers });
    this.cost = new Counter({ name: 'ironcage_cost_usd_total', help: 'Metered cost in USD (from integer micro-USD)', labelNames: ['org', 'team', 'model', 'provider'], registers });
    this.guardrailBlocks = new Counter({ name: 'ironcage_guardrail_blocks_total', help: 'Prompts, completions and tool calls a guardrail blocked', labelNames: ['org', 'scanner', 'direction'], registers });
    this.budgetRefusals = new Counter({ name: 'ironcage_budget_refusals_total', help: 'Requests refused by a budget or a rate limit', labelNames: ['org', 'code'], registers });
    this.genaiTokens = new Histogram({
      name: 'gen_ai_client_token_usage',
      help: 'gen_ai.client.token.usage: tokens used per operation, by token type (OpenTelemetry GenAI semantic conventions)',
      labelNames: ['gen_ai_operation_name', 'gen_ai_provider_name', 'gen_ai_request_model', 'gen_ai_token_type'],
      buckets: GENAI_TOKEN_BUCKETS,
      registers,
    });
    this.genaiDuration = new Histogram({
      name: 'gen_ai_client_operation_duration_seconds',
      help: 'gen_ai.client.operation.duration: duration of GenAI operations (OpenTelemetry GenAI semantic conventions)',
      labelNames: ['gen_ai_operation_name', 'gen_ai_provider_name', 'gen_ai_request_model', 'error_type'],
      buckets: GENAI_DURATION_BUCKETS,
      registers,
    });
  }

  /** Counts one event, once: the audit trail calls it for each event it newly records. */
  observe(subject: string, envelope: Envelope): void {
    switch (subject) {
      case EVENTS.requestReceived:
        this.onRequest(envelope.orgId, envelope.data as RequestReceived);
        break;
      case EVENTS.costIncurred:
        this.onCost(envelope.orgId, envelope.data as CostIncurred);
        break;
      case EVENTS.policyViolated:
        this.onPolicyViolated(envelope.orgId, envelope.data as PolicyViolated);
        break;
      default:
        break;
    }
  }

  onRequest(orgId: string, r: RequestReceived): void {
    const model = none(r.model);
    const provider = none(r.provider);
    const cls = statusClass(r.status);
    this.requests.inc({ org: orgId, team: none(r.principal.teamId), model, provider, status_class: cls });
    this.duration.observe({ org: orgId, model, provider, status_class: cls }, r.latencyMs / 1000);
    if (r.status >= 400) this.errors.inc({ org: orgId, model, provider, status: String(r.status), code: none(r.errorCode) });
    if (r.errorCode && BUDGET_REFUSALS.has(r.errorCode)) this.budgetRefusals.inc({ org: orgId, code: r.errorCode });
    const operation = operationOf(r.endpoint);
    if (operation && r.model && r.provider) {
      const labels = { gen_ai_operation_name: operation, gen_ai_provider_name: r.provider, gen_ai_request_model: r.model };
      this.genaiDuration.observe({ ...labels, error_type: r.status >= 400 ? (r.errorCode ?? String(r.status)) : '' }, r.latencyMs / 1000);
      if (r.usage) {
        this.genaiTokens.observe({ ...labels, gen_ai_token_type: 'input' }, r.usage.inputTokens);
        if (operation === 'chat') this.genaiTokens.observe({ ...labels, gen_ai_token_type: 'output' }, r.usage.outputTokens);
      }
    }
  }

  onCost(orgId: string, c: CostIncurred): void {
    if (!c.model) return; // refused before a model was authorised: nothing metered
    const labels = { org: orgId, team: none(c.principal.teamId), model: c.model, provider: none(c.provider) };
    this.tokens.inc({ ...labels, type: 'input' }, c.usage.inputTokens);
    this.tokens.inc({ ...labels, type: 'output' }, c.usage.outputTokens);
    if (c.usage.cachedInputTokens) this.tokens.inc({ ...labels, type: 'cached_input' }, c.usage.cachedInputTokens);
    if (c.usage.reasoningTokens) this.tokens.inc({ ...labels, type: 'reasoning' }, c.usage.reasoningTokens);
    if (c.costMicros > 0) this.cost.inc(labels, c.costMicros / 1_000_000);
  }

  onPolicyViolated(orgId: string, p: PolicyViolated): void {
    if (p.action === 'block') this.guardrailBlocks.inc({ org: orgId, scanner: p.scanner, direction: p.direction });
  }
}
