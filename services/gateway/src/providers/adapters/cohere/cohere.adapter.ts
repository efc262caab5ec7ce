import type { ChatCompletionRequest } from '../../canonical/chat.schema';
import type { ChatCompletion, ChatCompletionChunk } from '../../canonical/chat.types';
import { embeddingInputsAsText, encodeEmbedding, type EmbeddingsRequest, type EmbeddingsResponse } from '../../canonical/embeddings.schema';
import { nowSeconds } from '../../canonical/text';
import { errorFromResponse } from '../../errors/from-http';
import { ProviderError } from '../../errors/provider-error';
import type { HttpClient, UpstreamResponse } from '../../http/http-client';
import { sseEvents } from '../../http/sse';
import type { CallContext, CredentialSource, Deployment, ProviderAdapter, ProviderCapabilities } from '../../provider-adapter';
import { asArray, asRecord, extraString, joinUrl, JSON_HEADERS, keyFor, num } from '../shared';
import { CohereToCanonicalStream, fromCohereResponse, toCohereRequest } from './cohere.mapping';

export const COHERE_BASE_URL = 'https://api.cohere.com';

/** Cohere v2 (`/v2/chat`, `/v2/embed`), bearer key. */
export class CohereAdapter implements ProviderAdapter {
  readonly id = 'cohere' as const;
  readonly capabilities: ProviderCapabilities = { chat: true, stream: true, tools: true, jsonMode: true, vision: true, embeddings: true };

  constructor(
    private readonly http: HttpClient,
    private readonly credentials: CredentialSource,
  ) {}

  async chat(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): Promise<ChatCompletion> {
    const res = await this.post(deployment, 'v2/chat', toCohereRequest(req, deployment.upstreamModel), ctx);
    return fromCohereResponse(await res.json(), deployment.upstreamModel, nowSeconds());
  }

  async *chatStream(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): AsyncGenerator<ChatCompletionChunk> {
    const res = await this.post(deployment, 'v2/chat', { ...toCohereRequest(req, deployment.upstreamModel), stream: true }, ctx);
    const translator = new CohereToCanonicalStream(deployment.upstreamModel, nowSeconds());
    for await (const event of sseEvents(res.chunks())) {
      if (event.data === '[DONE]') {
        res.markComplete();
        break;
      }
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(event.data) as Record<string, unknown>;
      } catch {
        continue;
      }
      yield* translator.push(parsed);
      if (translator.ended) {
        res.markComplete();
        break;
      }
    }
    if (!translator.ended) throw new ProviderError({ provider: this.id, code: 'upstream_error', status: 502, message: 'cohere closed the stream before message-end' });
    if (req.stream_options?.include_usage) yield translator.usageChunk();
  }

  async embeddings(req: EmbeddingsRequest, deployment: Deployment, ctx: CallContext): Promise<EmbeddingsResponse> {
    const texts = embeddingInputsAsText(req);
    if (!texts) throw new ProviderError({ provider: this.id, code: 'bad_request', status: 400, message: 'cohere embeddings take text input, not token arrays' });
    const res = await this.post(
      deployment,
      'v2/embed',
      {
        model: deployment.upstreamModel,
        texts,
        input_type: extraString(deployment, 'inputType') ?? 'search_document',
        embedding_types: ['float'],
        ...(req.dimensions ? { output_dimension: req.dimensions } : {}),
      },
      ctx,
    );
    const body = asRecord(await res.json());
    const vectors = asArray(asRecord(body.embeddings).float);
    const tokens = num(asRecord(asRecord(body.meta).billed_units).input_tokens);
    return {
      object: 'list',
      data: vectors.map((v, index) => ({ object: 'embedding', index, embedding: encodeEmbedding(asArray(v).map(num), req.encoding_format) })),
      model: deployment.upstreamModel,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
  }

  private async post(deployment: Deployment, path: string, body: unknown, ctx: CallContext): Promise<UpstreamResponse> {
    const key = await keyFor(this.credentials, deployment);
    const res = await this.http.send({
      provider: this.id,
      url: joinUrl(deployment.baseUrl ?? COHERE_BASE_URL, path),
      headers: { ...JSON_HEADERS, authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
      ctx,
    });
    // Cohere uses 498 for an invalid token and 499 for a cancelled request.
    if (!res.ok) throw await errorFromResponse(res, this.id, (code) => (res.status === 498 ? 'auth' : code));
    return res;
  }
}

export function createCohereAdapter(http: HttpClient, credentials: CredentialSource): CohereAdapter {
  return new CohereAdapter(http, credentials);
}
