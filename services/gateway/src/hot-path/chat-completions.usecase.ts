import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import type { Principal } from '../auth';
import type { DataPlaneConfig } from '../inference/data-plane.config';
import {
  anthropicToCanonical,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  maxOutputTokens,
  parseAnthropicMessagesRequest,
  parseChatCompletionRequest,
} from '../providers';
import { type Routed, Router } from '../routing/router';
import { CLIENT_CLOSED_STATUS, RequestRecord } from '../usage-events/request-record';
import { UsageEvents } from '../usage-events/usage-events';
import { attributeRequest, ModelCallSpan } from './genai-telemetry';
import { Budget, Guardrails, GuardrailsSession } from './governance';
import { ModelGate } from './model-gate';
import { outcomeOf, parseOrRefuse } from './outcome';
import { applyRedaction, estimatePromptTokens, promptChars, promptTexts } from './prompt-texts';

/** The wire format a call arrived in: parsed, refused and answered in that dialect. */
export type Dialect = 'openai' | 'anthropic';

export interface ChatCommand {
  principal: Principal;
  /** The request body as received (validated here). */
  body: unknown;
  dialect: Dialect;
  /** For request.received: `/v1/chat/completions`, `/v1/messages`, `grpc:Chat`. */
  endpoint: string;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** The gateway's id for the request (default: a new UUIDv7); the transport may announce it first. */
  requestId?: string;
}

export interface CompletionOutcome {
  stream: false;
  completion: ChatCompletion;
  /** The name the client asked for (answered back as `model`). */
  model: string;
  requestId: string;
}

export interface StreamOutcome {
  stream: true;
  /**
   * Canonical chunks for the client (model renamed, usage chunk only if asked for). The first is
   * already in hand, so the caller may send headers. Failures after that are thrown from the
   * iteration; stop iterating (or abort the signal) to cancel the upstream.
   */
  chunks: AsyncGenerator<ChatCompletionChunk>;
  model: string;
  requestId: string;
}

export type ChatOutcome = CompletionOutcome | StreamOutcome;

interface FirstChunk {
  it: AsyncIterator<ChatCompletionChunk>;
  first: IteratorResult<ChatCompletionChunk>;
}

/**
 * One chat call end to end (REST OpenAI, REST Anthropic, gRPC): validate, resolve and authorise
 * the model, scan the prompt (guardrails), reserve the cost (budget), route to a deployment with
 * fallback, scan the completion (per window when streaming), and record exactly one
 * request.received and one cost.incurred however the call ends.
 */
@Injectable()
export class ChatCompletionsUseCase {
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

  async execute(command: ChatCommand): Promise<ChatOutcome> {
    const record = new RequestRecord(command.principal, command.endpoint, 'POST', command.requestId);
    const { signal } = command;
    attributeRequest(command.principal, record.requestId);
    try {
      const req = command.dialect === 'anthropic' ? parseOrRefuse((b) => anthropicToCanonical(parseAnthropicMessagesRequest(b)), command.body) : parseOrRefuse(parseChatCompletionRequest, command.body);
      const requested = req.model;
      const stream = req.stream === true;
      const { model, allowFallback } = await this.gate.authorise(command.principal, requested, 'chat');
      const primary = model.deployments[0];
      record.model = model.name;
      record.provider = primary.provider;
      record.pricing = primary.pricing;
      record.stream = stream;
      record.costApplies = true;

      const session = this.guardrails.enabled ? new GuardrailsSession() : undefined;
      if (session) {
        const where = promptTexts(req);
        const redacted = await this.guardrails.scanInput(record, session, where.texts);
        if (redacted) applyRedaction(req, where, redacted);
      }
      if (this.budget.enabled) {
        const reservation = await this.budget.authorize(record, {
          model: model.name,
          provider: primary.provider,
          estimatedInputTokens: estimatePromptTokens(req),
          maxOutputTokens: maxOutputTokens(req),
          stream,
        });
        if (reservation && reservation.maxOutputTokens < (maxOutputTokens(req) ?? Infinity)) {
          if (req.max_completion_tokens != null) req.max_completion_tokens = reservation.maxOutputTokens;
          else req.max_tokens = reservation.maxOutputTokens;
        }
      }

      const route = { signal, deadline: Date.now() + this.timeoutMs, requestId: record.requestId, allowFallback };
      const call = new ModelCallSpan({ operation: 'chat', model: requested, provider: primary.provider, principal: command.principal, requestId: record.requestId, maxTokens: maxOutputTokens(req), stream });
      if (!stream) {
        const routed = await call.run(() => this.router.call(model, (d, adapter, ctx) => adapter.chat(req, d, ctx), route));
        this.served(record, routed);
        const completion = routed.value;
        record.useUsage(completion.usage);
        call.answered(routed.deployment, completion, record.usage);
        if (session) await this.scanCompletion(record, session, completion);
        completion.model = requested;
        this.usage.finish(record, 200);
        return { stream: false, completion, model: requested, requestId: record.requestId };
      }

      record.promptChars = promptChars(req);
      // what the provider may generate at most: the client's cap, or the smaller one budget reserved for
      const outputCap = maxOutputTokens(req);
      const forwardUsage = req.stream_options?.include_usage === true;
      const upstream: ChatCompletionRequest = forwardUsage ? req : { ...req, stream_options: { include_usage: true } };
      const routed = await call.run(() =>
        this.router.call(
        model,
        async (d, adapter, ctx): Promise<FirstChunk> => {
          const it = adapter.chatStream(upstream, d, ctx)[Symbol.asyncIterator]();
          try {
            return { it, first: await it.next() };
          } catch (err) {
            void it.return?.();
            throw err;
          }
        },
        { ...route, hold: true },
        ),
      );
      this.served(record, routed);
      call.answered(routed.deployment, undefined, undefined, true);
      return { stream: true, chunks: call.observe(this.relay(record, routed, requested, forwardUsage, outputCap, signal, session), () => record.usage), model: requested, requestId: record.requestId };
    } catch (err) {
      const { status, code } = outcomeOf(err, signal);
      this.usage.finish(record, status, code);
      throw err;
    }
  }

  private served(record: RequestRecord, routed: Routed<unknown>): void {
    const d = routed.deployment;
    record.model = d.model;
    record.provider = d.provider;
    record.deployment = d.id;
    record.pricing = d.pricing;
  }

  private async scanCompletion(record: RequestRecord, session: GuardrailsSession, completion: ChatCompletion): Promise<void> {
    const message = completion.choices[0]?.message;
    if (!message?.content) return;
    const replaced = await this.guardrails.scanOutput(record, session, [message.content]);
    if (replaced) message.content = replaced[0];
  }

  /**
   * The client's view of the upstream stream. Usage is taken from the usage chunk (forwarded only
   * if the client asked for it); output is counted for an estimate should the stream be cut; with
   * guardrails on, chunks are held back per window of text until guardrails released the window.
   */
  private async *relay(
    record: RequestRecord,
    routed: Routed<FirstChunk>,
    requested: string,
    forwardUsage: boolean,
    outputCap: number | undefined,
    signal: AbortSignal,
    session: GuardrailsSession | undefined,
  ): AsyncGenerator<ChatCompletionChunk> {
    const { it } = routed.value;
    const relayed = (chars: number) => {
      record.outputChars += chars;
      if (outputCap !== undefined) record.outputChars = Math.min(record.outputChars, outputCharsWithin(outputCap));
    };
    const window = session ? new OutputWindow(this.guardrails.streamWindow) : undefined;
    let completed = false;
    let failure: unknown;
    try {
      for (let r = routed.value.first; !r.done; r = await it.next()) {
        const chunk = r.value;
        if (chunk.usage) {
          record.useUsage(chunk.usage);
          if (chunk.choices.length === 0 && !forwardUsage) continue;
        }
        let text = '';
        for (const c of chunk.choices) {
          const delta = c.delta;
          if (delta.content) text += delta.content;
          if (delta.tool_calls) for (const t of delta.tool_calls) relayed(t.function.arguments?.length ?? 0);
        }
        relayed(text.length);
        chunk.model = requested;
        if (!window) {
          yield chunk;
          continue;
        }
        if (window.closesBefore(text)) yield* window.release(await this.guardrails.scanStream(record, session!, window.text, false));
        window.add(chunk, text);
        if (window.overfull()) yield* window.release(await this.guardrails.scanStream(record, session!, window.text, false));
      }
      if (window) yield* window.release(await this.guardrails.scanStream(record, session!, window.text, true));
      completed = true;
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      if (!completed) void it.return?.();
      routed.finish(completed ? undefined : (failure ?? signal.reason ?? new Error('stream stopped by the consumer')));
      if (completed) this.usage.finish(record, 200);
      else if (signal.aborted || failure === undefined) this.usage.finish(record, CLIENT_CLOSED_STATUS, 'client_closed');
      else this.usage.finish(record, 200, outcomeOf(failure).code);
    }
  }
}

/**
 * The most output characters a cut stream's estimate may count: the estimate (4 characters a
 * token, `estimateTokens`) of a stream the provider was allowed `cap` tokens for must not exceed
 * `cap` — the provider cannot have generated more, and budget reserved no more. Long words (code,
 * identifiers, other languages) run more than 4 characters a token, so counting them all would
 * charge a cut stream more than its reservation and could take spend past a hard budget.
 */
export function outputCharsWithin(cap: number): number {
  return cap * 4;
}

/**
 * Streamed output held back until guardrails saw it. A window closes once it holds `size`
 * characters and the next text starts a new word (so a word or a key is not cut in two), or at
 * twice the size.
 * What guardrails release for a window takes the place of the window's text: it goes in the first
 * chunk that carried text (or a chunk of its own), the other chunks lose theirs, and chunks left
 * with nothing to say are dropped; tool calls, finish reasons and usage pass unchanged, in order.
 */
export class OutputWindow {
  private chunks: ChatCompletionChunk[] = [];
  text = '';

  constructor(private readonly size: number) {}

  add(chunk: ChatCompletionChunk, text: string): void {
    this.chunks.push(chunk);
    this.text += text;
  }

  /** The window is long enough and the next text starts a new word: scan what is held first. */
  closesBefore(next: string): boolean {
    return this.text.length >= this.size && /^\s/.test(next);
  }

  /** No word boundary came for twice the window: scan anyway. */
  overfull(): boolean {
    return this.text.length >= this.size * 2;
  }

  release(released: string): ChatCompletionChunk[] {
    const held = this.chunks;
    this.chunks = [];
    this.text = '';
    let placed = released === '';
    const out: ChatCompletionChunk[] = [];
    for (const chunk of held) {
      for (const c of chunk.choices) {
        if (!c.delta.content) continue;
        if (placed) delete c.delta.content;
        else c.delta.content = released;
        placed = true;
      }
      if (chunk.usage || chunk.choices.some((c) => c.finish_reason || c.delta.content || c.delta.role || c.delta.tool_calls?.length || c.delta.refusal)) out.push(chunk);
    }
    if (!placed) {
      const like = held[0];
      out.unshift({ id: like?.id ?? '', object: 'chat.completion.chunk', created: like?.created ?? 0, model: like?.model ?? '', choices: [{ index: 0, delta: { content: released }, finish_reason: null }] });
    }
    return out;
  }
}
