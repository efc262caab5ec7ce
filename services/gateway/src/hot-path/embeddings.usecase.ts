import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import type { Principal } from '../auth';
import type { DataPlaneConfig } from '../inference/data-plane.config';
import { type EmbeddingsResponse, parseEmbeddingsRequest, ProviderError } from '../providers';
import { Router } from '../routing/router';
import { RequestRecord } from '../usage-events/request-record';
import { UsageEvents } from '../usage-events/usage-events';
import { attributeRequest, ModelCallSpan } from './genai-telemetry';
import { Budget, Guardrails, GuardrailsSession } from './governance';
import { ModelGate } from './model-gate';
import { outcomeOf, parseOrRefuse } from './outcome';
import { embeddingTexts } from './prompt-texts';

export interface EmbeddingsCommand {
  principal: Principal;
  body: unknown;
  endpoint: string;
  signal: AbortSignal;
  requestId?: string;
}

/** One embeddings call: the same governance as chat (access, guardrails on the input, budget), no output scan. */
@Injectable()
export class EmbeddingsUseCase {
  private readonly timeoutMs: number;

  constructor(
    private readonly gate: ModelGate,
    private readonly router: Router,
    private readonly guardrails: Guardrails,
    private readonly budget: Budget,
    private readonly usage: UsageEvents,
    @Inject(CONFIG) config: Pick<DataPlaneConfig, 'GATEWAY_REQUEST_TIMEOUT_MS'>,
  ) {
    this.timeoutMs = config.GATEWAY_REQUEST_TIMEOUT_MS;
  }

  async execute(command: EmbeddingsCommand): Promise<{ response: EmbeddingsResponse; requestId: string }> {
    const record = new RequestRecord(command.principal, command.endpoint, 'POST', command.requestId);
    attributeRequest(command.principal, record.requestId);
    try {
      const req = parseOrRefuse(parseEmbeddingsRequest, command.body);
      const requested = req.model;
      const { model, allowFallback } = await this.gate.authorise(command.principal, requested, 'embeddings');
      const primary = model.deployments[0];
      record.model = model.name;
      record.provider = primary.provider;
      record.pricing = primary.pricing;
      record.costApplies = true;
      const texts = embeddingTexts(req);
      record.promptChars = texts.reduce((n, t) => n + t.length, 0);

      if (this.guardrails.enabled) {
        const redacted = await this.guardrails.scanInput(record, new GuardrailsSession(), texts);
        if (redacted) req.input = typeof req.input === 'string' ? redacted[0] : redacted;
      }
      if (this.budget.enabled) {
        await this.budget.authorize(record, { model: model.name, provider: primary.provider, estimatedInputTokens: Math.ceil(record.promptChars / 4), maxOutputTokens: 0, stream: false });
      }
      const call = new ModelCallSpan({ operation: 'embeddings', model: requested, provider: primary.provider, principal: command.principal, requestId: record.requestId });
      const routed = await call.run(() =>
        this.router.call(
        model,
        (d, adapter, ctx) => {
          if (!adapter.embeddings) throw new ProviderError({ provider: d.provider, code: 'bad_request', status: 400, message: `${d.provider} does not serve embeddings` });
          return adapter.embeddings(req, d, ctx);
        },
        { signal: command.signal, deadline: Date.now() + this.timeoutMs, requestId: record.requestId, allowFallback },
        ),
      );
      const d = routed.deployment;
      record.model = d.model;
      record.provider = d.provider;
      record.deployment = d.id;
      record.pricing = d.pricing;
      const response = routed.value;
      record.usage = { inputTokens: response.usage.prompt_tokens, outputTokens: 0 };
      call.answered(d, { model: response.model }, record.usage);
      response.model = requested;
      this.usage.finish(record, 200);
      return { response, requestId: record.requestId };
    } catch (err) {
      const { status, code } = outcomeOf(err, command.signal);
      this.usage.finish(record, status, code);
      throw err;
    }
  }
}
