import { type Attributes, context, type Context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { Principal } from '../auth';
import type { RoutedDeployment } from '../catalogue/model-catalogue';
import type { ProviderId } from '../providers';

/**
 * GenAI semantic-convention attribute names. They are still "incubating" in
 * `@opentelemetry/semantic-conventions`, whose authors ask instrumentations to copy them rather
 * than import `/incubating` (it may break in a minor release); `genai-telemetry.spec.ts` checks
 * these copies against the installed package.
 */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestStream: 'gen_ai.request.stream',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
} as const;

/** The platform's own attributes: who the call was for. Never the key itself, never prompt or completion text. */
export const IRONCAGE = {
  orgId: 'ironcage.org_id',
  teamId: 'ironcage.team_id',
  projectId: 'ironcage.project_id',
  keyId: 'ironcage.key_id',
  requestId: 'ironcage.request_id',
  deployment: 'ironcage.deployment_id',
} as const;

/** `gen_ai.provider.name` well-known values for our adapters; the others are named as we name them. */
const PROVIDER_NAMES: Partial<Record<ProviderId, string>> = {
  openai: 'openai',
  'azure-openai': 'azure.ai.openai',
  anthropic: 'anthropic',
  bedrock: 'aws.bedrock',
  gemini: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  mistral: 'mistral_ai',
  cohere: 'cohere',
  groq: 'groq',
};

export const genAiProviderName = (provider: string): string => PROVIDER_NAMES[provider as ProviderId] ?? provider;

const tracer = () => trace.getTracer('@ironcage/gateway');

export function principalAttributes(principal: Principal, requestId: string): Attributes {
  return {
    [IRONCAGE.orgId]: principal.orgId,
    [IRONCAGE.keyId]: principal.keyId,
    ...(principal.teamId ? { [IRONCAGE.teamId]: principal.teamId } : {}),
    ...(principal.projectId ? { [IRONCAGE.projectId]: principal.projectId } : {}),
    [IRONCAGE.requestId]: requestId,
  };
}

/** Marks the request's own (HTTP server) span with who it was for, so a trace can be found by org. */
export function attributeRequest(principal: Principal, requestId: string): void {
  trace.getActiveSpan()?.setAttributes(principalAttributes(principal, requestId));
}

export interface ModelCallStart {
  operation: 'chat' | 'embeddings';
  /** The model name the client asked for (an alias stays an alias). */
  model: string;
  provider: string;
  principal: Principal;
  requestId: string;
  maxTokens?: number;
  stream?: boolean;
}

type Usage = { inputTokens: number; outputTokens: number };

/**
 * The GenAI client span of one model call, `{operation} {model}`: parent of the provider HTTP
 * calls (fallback attempts included), ended when the answer — or the stream — is over.
 */
export class ModelCallSpan {
  private readonly span: Span;
  private readonly context: Context;
  private ended = false;

  constructor(start: ModelCallStart) {
    this.span = tracer().startSpan(`${start.operation} ${start.model}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        [GEN_AI.operationName]: start.operation,
        [GEN_AI.providerName]: genAiProviderName(start.provider),
        [GEN_AI.requestModel]: start.model,
        ...(start.maxTokens !== undefined ? { [GEN_AI.requestMaxTokens]: start.maxTokens } : {}),
        ...(start.stream !== undefined ? { [GEN_AI.requestStream]: start.stream } : {}),
        ...principalAttributes(start.principal, start.requestId),
      },
    });
    this.context = trace.setSpan(context.active(), this.span);
  }

  /** Runs the routed call with this span active (the provider calls inside are its children); a failure ends it. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await context.with(this.context, fn);
    } catch (err) {
      this.end(err);
      throw err;
    }
  }

  /** Which deployment answered, and (not streamed) the answer: response attributes, then the span ends unless `open`. */
  answered(deployment: Pick<RoutedDeployment, 'id' | 'provider' | 'upstreamModel'>, answer?: { id?: string; model?: string; choices?: { finish_reason?: string | null }[] }, usage?: Usage, open = false): void {
    this.span.setAttributes({ [GEN_AI.providerName]: genAiProviderName(deployment.provider), [IRONCAGE.deployment]: deployment.id, [GEN_AI.responseModel]: answer?.model || deployment.upstreamModel });
    if (answer) this.response(answer);
    this.usage(usage);
    if (!open) this.end();
  }

  private response(answer: { id?: string; choices?: { finish_reason?: string | null }[] }): void {
    const reasons = (answer.choices ?? []).map((c) => c.finish_reason).filter((r): r is string => !!r);
    if (answer.id) this.span.setAttribute(GEN_AI.responseId, answer.id);
    if (reasons.length) this.span.setAttribute(GEN_AI.responseFinishReasons, reasons);
  }

  private usage(usage: Usage | undefined): void {
    if (usage) this.span.setAttributes({ [GEN_AI.usageInputTokens]: usage.inputTokens, [GEN_AI.usageOutputTokens]: usage.outputTokens });
  }

  /**
   * The client's stream, observed: response id and finish reasons from the chunks, usage from the
   * request's record once the stream is over (a usage chunk the client did not ask for is not relayed).
   */
  async *observe<T extends { id?: string; choices: { finish_reason?: string | null }[] }>(chunks: AsyncGenerator<T>, usage: () => Usage | undefined): AsyncGenerator<T> {
    let id: string | undefined;
    const reasons: string[] = [];
    let completed = false;
    let failure: unknown;
    try {
      for await (const chunk of chunks) {
        id ||= chunk.id;
        for (const c of chunk.choices) if (c.finish_reason) reasons.push(c.finish_reason);
        yield chunk;
      }
      completed = true;
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      this.response({ id, choices: reasons.map((finish_reason) => ({ finish_reason })) });
      this.usage(usage());
      this.end(completed ? undefined : (failure ?? new Error('stream stopped by the consumer')));
    }
  }

  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (error !== undefined) {
      const code = (error as { code?: unknown } | undefined)?.code;
      const type = typeof code === 'string' ? code : error instanceof Error ? error.name : 'error';
      this.span.setAttribute(ATTR_ERROR_TYPE, type);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: type });
    }
    this.span.end();
  }
}
