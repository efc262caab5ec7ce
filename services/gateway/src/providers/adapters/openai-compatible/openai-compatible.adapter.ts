import type { ChatCompletionRequest } from '../../canonical/chat.schema';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  FinishReason,
  Usage,
} from '../../canonical/chat.types';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../../canonical/embeddings.schema';
import { errorFromResponse, type HttpErrorInput } from '../../errors/from-http';
import { ProviderError } from '../../errors/provider-error';
import type { HttpClient, UpstreamResponse } from '../../http/http-client';
import { sseEvents } from '../../http/sse';
import type {
  CallContext,
  CredentialSource,
  Deployment,
  ProviderAdapter,
  ProviderCapabilities,
  ProviderId,
} from '../../provider-adapter';
import { asArray, asRecord, JSON_HEADERS, keyFor, num, optNum, str } from '../shared';

/**
 * What differs between upstreams that speak the OpenAI wire format: where to send, how to
 * authenticate, and the few body fields each dialect names differently.
 */
export interface OpenAICompatibleProfile {
  id: ProviderId;
  capabilities: ProviderCapabilities;
  url(deployment: Deployment, operation: 'chat/completions' | 'embeddings'): string;
  authHeaders(key: string, deployment: Deployment): Record<string, string>;
  /** Whether the upstream accepts `stream_options.include_usage`; otherwise usage rides on the last chunk. */
  streamOptions(deployment: Deployment): boolean;
  patchChatBody?(body: Record<string, unknown>, req: ChatCompletionRequest, deployment: Deployment): void;
  refineError?: HttpErrorInput['refine'];
}

const FINISH: Record<string, FinishReason> = {
  stop: 'stop',
  eos: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  max_tokens: 'length',
  model_length: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  tool_use: 'tool_calls',
  content_filter: 'content_filter',
};

export function normaliseFinishReason(v: unknown): FinishReason | null {
  if (typeof v !== 'string' || !v) return null;
  return FINISH[v] ?? 'stop';
}

export function normaliseUsage(raw: unknown): Usage | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const u = raw as Record<string, unknown>;
  const prompt = num(u.prompt_tokens);
  const completion = num(u.completion_tokens);
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: optNum(u.total_tokens) ?? prompt + completion };
  const cached = optNum(asRecord(u.prompt_tokens_details).cached_tokens);
  if (cached !== undefined) usage.prompt_tokens_details = { cached_tokens: cached };
  const reasoning = optNum(asRecord(u.completion_tokens_details).reasoning_tokens);
  if (reasoning !== undefined) usage.completion_tokens_details = { reasoning_tokens: reasoning };
  return usage;
}

/** Errors some upstreams send inside a 200 stream as `data: {"error": {...}}`. */
function inStreamError(provider: string, event: Record<string, unknown>): ProviderError {
  const err = asRecord(event.error);
  const status = optNum(err.code) ?? optNum(err.status) ?? 500;
  return new ProviderError({
    provider,
    code: status === 429 ? 'rate_limited' : status >= 500 ? 'upstream_error' : 'bad_request',
    status,
    message: str(err.message) ?? 'the upstream reported an error mid-stream',
    upstreamType: str(err.type) ?? str(err.code),
  });
}

export class OpenAICompatibleAdapter implements ProviderAdapter {
  readonly id: ProviderId;
  readonly capabilities: ProviderCapabilities;
  readonly embeddings?: (req: EmbeddingsRequest, deployment: Deployment, ctx: CallContext) => Promise<EmbeddingsResponse>;

  constructor(
    private readonly profile: OpenAICompatibleProfile,
    private readonly http: HttpClient,
    private readonly credentials: CredentialSource,
  ) {
    this.id = profile.id;
    this.capabilities = profile.capabilities;
    if (profile.capabilities.embeddings) this.embeddings = (req, deployment, ctx) => this.embed(req, deployment, ctx);
  }

  async chat(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): Promise<ChatCompletion> {
    const res = await this.post(deployment, 'chat/completions', this.chatBody(req, deployment, false), ctx);
    const body = asRecord(await res.json());
    const choice = asRecord(asArray(body.choices)[0]);
    if (!body.choices) throw new ProviderError({ provider: this.id, code: 'upstream_error', status: 502, message: `${this.id} answered without choices` });
    const message = asRecord(choice.message);
    const toolCalls = asArray(message.tool_calls);
    return {
      id: str(body.id) ?? '',
      object: 'chat.completion',
      created: num(body.created),
      model: str(body.model) ?? deployment.upstreamModel,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: typeof message.content === 'string' ? message.content : null,
            ...(toolCalls.length ? { tool_calls: toolCalls as ChatCompletion['choices'][0]['message']['tool_calls'] } : {}),
            ...(typeof message.refusal === 'string' ? { refusal: message.refusal } : {}),
          },
          finish_reason: normaliseFinishReason(choice.finish_reason) ?? (toolCalls.length ? 'tool_calls' : 'stop'),
          logprobs: null,
        },
      ],
      usage: normaliseUsage(body.usage) ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      ...(body.system_fingerprint !== undefined ? { system_fingerprint: body.system_fingerprint as string | null } : {}),
    };
  }

  async *chatStream(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): AsyncGenerator<ChatCompletionChunk> {
    const res = await this.post(deployment, 'chat/completions', this.chatBody(req, deployment, true), ctx);
    const wantUsage = req.stream_options?.include_usage === true;
    let usage: Usage | undefined;
    let last: ChatCompletionChunk | undefined;
    let finished = false;
    let done = false;
    for await (const event of sseEvents(res.chunks())) {
      if (event.data === '[DONE]') {
        done = true;
        res.markComplete();
        break;
      }
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(event.data) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (parsed.error) throw inStreamError(this.id, parsed);
      const chunkUsage = normaliseUsage(parsed.usage ?? asRecord(parsed.x_groq).usage);
      if (chunkUsage) usage = chunkUsage;
      const choices = asArray(parsed.choices) as ChatCompletionChunk['choices'];
      if (!choices.length) continue;
      for (const c of choices) {
        const reason = normaliseFinishReason(c.finish_reason);
        if (reason) finished = true;
        c.finish_reason = reason;
      }
      delete parsed.usage;
      delete parsed.x_groq;
      parsed.object = 'chat.completion.chunk';
      last = parsed as unknown as ChatCompletionChunk;
      yield last;
    }
    if (!done && !finished) {
      throw new ProviderError({ provider: this.id, code: 'upstream_error', status: 502, message: `${this.id} closed the stream before it finished` });
    }
    if (wantUsage && usage) {
      yield { id: last?.id ?? '', object: 'chat.completion.chunk', created: last?.created ?? 0, model: last?.model ?? deployment.upstreamModel, choices: [], usage };
    }
  }

  private async embed(req: EmbeddingsRequest, deployment: Deployment, ctx: CallContext): Promise<EmbeddingsResponse> {
    const res = await this.post(deployment, 'embeddings', { ...req, model: deployment.upstreamModel }, ctx);
    const body = asRecord(await res.json());
    const usage = asRecord(body.usage);
    return {
      object: 'list',
      data: asArray(body.data) as EmbeddingsResponse['data'],
      model: str(body.model) ?? deployment.upstreamModel,
      usage: { prompt_tokens: num(usage.prompt_tokens), total_tokens: num(usage.total_tokens ?? usage.prompt_tokens) },
    };
  }

  private chatBody(req: ChatCompletionRequest, deployment: Deployment, stream: boolean): Record<string, unknown> {
    const body: Record<string, unknown> = { ...req, model: deployment.upstreamModel };
    if (stream) {
      body.stream = true;
      if (this.profile.streamOptions(deployment)) body.stream_options = { include_usage: true };
      else delete body.stream_options;
    } else {
      delete body.stream;
      delete body.stream_options;
    }
    this.profile.patchChatBody?.(body, req, deployment);
    return body;
  }

  private async post(deployment: Deployment, operation: 'chat/completions' | 'embeddings', body: unknown, ctx: CallContext): Promise<UpstreamResponse> {
    const key = await keyFor(this.credentials, deployment);
    const res = await this.http.send({
      provider: this.id,
      url: this.profile.url(deployment, operation),
      headers: { ...JSON_HEADERS, ...this.profile.authHeaders(key, deployment) },
      body: JSON.stringify(body),
      ctx,
    });
    if (!res.ok) throw await errorFromResponse(res, this.id, this.profile.refineError);
    return res;
  }
}
