import type { ChatCompletionRequest } from '../../canonical/chat.schema';
import type { ChatCompletion, ChatCompletionChunk } from '../../canonical/chat.types';
import { nowSeconds } from '../../canonical/text';
import { errorFromResponse } from '../../errors/from-http';
import { ProviderError, type ProviderErrorCode } from '../../errors/provider-error';
import type { HttpClient, UpstreamResponse } from '../../http/http-client';
import { sseEvents } from '../../http/sse';
import type { CallContext, CredentialSource, Deployment, ProviderAdapter, ProviderCapabilities } from '../../provider-adapter';
import { extraNumber, joinUrl, JSON_HEADERS, keyFor } from '../shared';
import { AnthropicToCanonicalStream, fromAnthropicResponse, toAnthropicRequest } from './anthropic.mapping';
import type { AnthropicResponse, AnthropicStreamEvent } from './anthropic.wire';

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

const ERROR_TYPES: Record<string, ProviderErrorCode> = {
  rate_limit_error: 'rate_limited',
  overloaded_error: 'overloaded',
  api_error: 'upstream_error',
  authentication_error: 'auth',
  permission_error: 'auth',
  not_found_error: 'not_found',
  request_too_large: 'context_length',
  timeout_error: 'timeout',
};

export function anthropicStreamError(provider: string, error: { type?: string; message?: string } | undefined): ProviderError {
  const code = ERROR_TYPES[error?.type ?? ''] ?? 'upstream_error';
  return new ProviderError({
    provider,
    code,
    status: code === 'overloaded' ? 529 : code === 'rate_limited' ? 429 : 500,
    message: error?.message ?? 'Anthropic reported an error mid-stream',
    upstreamType: error?.type,
  });
}

/** Anthropic Messages API (`POST /v1/messages`, `x-api-key`, `anthropic-version`). */
export class AnthropicAdapter implements ProviderAdapter {
  readonly id = 'anthropic' as const;
  readonly capabilities: ProviderCapabilities = { chat: true, stream: true, tools: true, jsonMode: true, vision: true, embeddings: false };

  constructor(
    private readonly http: HttpClient,
    private readonly credentials: CredentialSource,
  ) {}

  async chat(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): Promise<ChatCompletion> {
    const res = await this.post(req, deployment, ctx, false);
    return fromAnthropicResponse((await res.json()) as AnthropicResponse, req, nowSeconds());
  }

  async *chatStream(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): AsyncGenerator<ChatCompletionChunk> {
    const res = await this.post(req, deployment, ctx, true);
    const translator = new AnthropicToCanonicalStream(req, nowSeconds());
    for await (const event of sseEvents(res.chunks())) {
      let parsed: AnthropicStreamEvent;
      try {
        parsed = JSON.parse(event.data) as AnthropicStreamEvent;
      } catch {
        continue;
      }
      if (parsed.type === 'error') throw anthropicStreamError(this.id, parsed.error);
      yield* translator.push(parsed);
      if (translator.done) {
        res.markComplete();
        break;
      }
    }
    if (!translator.done) {
      throw new ProviderError({ provider: this.id, code: 'upstream_error', status: 502, message: 'anthropic closed the stream before message_stop' });
    }
    if (req.stream_options?.include_usage) yield translator.usageChunk();
  }

  private async post(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext, stream: boolean): Promise<UpstreamResponse> {
    const key = await keyFor(this.credentials, deployment);
    const body = toAnthropicRequest(req, deployment.upstreamModel, extraNumber(deployment, 'defaultMaxTokens'));
    if (stream) body.stream = true;
    const res = await this.http.send({
      provider: this.id,
      url: joinUrl(deployment.baseUrl ?? ANTHROPIC_BASE_URL, 'v1/messages'),
      headers: { ...JSON_HEADERS, 'x-api-key': key, 'anthropic-version': deployment.apiVersion ?? ANTHROPIC_VERSION },
      body: JSON.stringify(body),
      ctx,
    });
    if (!res.ok) throw await errorFromResponse(res, this.id);
    return res;
  }
}

export function createAnthropicAdapter(http: HttpClient, credentials: CredentialSource): AnthropicAdapter {
  return new AnthropicAdapter(http, credentials);
}
