import type { ChatCompletionRequest } from '../../canonical/chat.schema';
import type { ChatCompletion, ChatCompletionChunk } from '../../canonical/chat.types';
import { embeddingInputsAsText, encodeEmbedding, type EmbeddingsRequest, type EmbeddingsResponse } from '../../canonical/embeddings.schema';
import { nowSeconds } from '../../canonical/text';
import { errorFromResponse, type HttpErrorInput } from '../../errors/from-http';
import { ProviderError } from '../../errors/provider-error';
import type { HttpClient, UpstreamResponse } from '../../http/http-client';
import { sseEvents } from '../../http/sse';
import type { CallContext, CredentialSource, Deployment, ProviderAdapter, ProviderCapabilities, ProviderId } from '../../provider-adapter';
import { asArray, asRecord, joinUrl, JSON_HEADERS, keyFor, num } from '../shared';
import { fromGeminiResponse, GeminiToCanonicalStream, toGeminiRequest } from './gemini.mapping';
import type { GeminiResponse } from './gemini.wire';

export const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';

export type GoogleMethod = 'generateContent' | 'streamGenerateContent' | 'batchEmbedContents' | 'predict';

/** Google answers a bad API key with 400 INVALID_ARGUMENT; it is an auth failure. */
export const refineGoogleError: HttpErrorInput['refine'] = (code, parsed) =>
  /API key not valid|API_KEY_INVALID|API key expired/i.test(parsed.message ?? '') ? 'auth' : code;

/**
 * The generateContent protocol, shared by the Gemini API and Vertex AI; subclasses say where to
 * send it and how to authenticate.
 */
export abstract class GoogleGenerativeAdapter implements ProviderAdapter {
  abstract readonly id: ProviderId;
  readonly capabilities: ProviderCapabilities = { chat: true, stream: true, tools: true, jsonMode: true, vision: true, embeddings: true };

  constructor(
    protected readonly http: HttpClient,
    protected readonly credentials: CredentialSource,
  ) {}

  protected abstract url(deployment: Deployment, method: GoogleMethod): string;
  protected abstract authHeaders(key: string): Record<string, string>;

  async chat(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): Promise<ChatCompletion> {
    const res = await this.post(deployment, 'generateContent', toGeminiRequest(req), ctx);
    return fromGeminiResponse((await res.json()) as GeminiResponse, deployment.upstreamModel, nowSeconds());
  }

  async *chatStream(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): AsyncGenerator<ChatCompletionChunk> {
    const res = await this.post(deployment, 'streamGenerateContent', toGeminiRequest(req), ctx);
    const translator = new GeminiToCanonicalStream(deployment.upstreamModel, nowSeconds());
    for await (const event of sseEvents(res.chunks())) {
      let parsed: GeminiResponse & { error?: { message?: string; status?: string; code?: number } };
      try {
        parsed = JSON.parse(event.data) as typeof parsed;
      } catch {
        continue;
      }
      if (parsed.error) {
        throw new ProviderError({
          provider: this.id,
          code: parsed.error.status === 'RESOURCE_EXHAUSTED' ? 'rate_limited' : 'upstream_error',
          status: parsed.error.code ?? 500,
          message: parsed.error.message ?? 'error mid-stream',
          upstreamType: parsed.error.status,
        });
      }
      yield* translator.push(parsed);
    }
    if (!translator.finished) {
      throw new ProviderError({ provider: this.id, code: 'upstream_error', status: 502, message: `${this.id} closed the stream before a finishReason` });
    }
    if (req.stream_options?.include_usage) yield translator.usageChunk();
  }

  async embeddings(req: EmbeddingsRequest, deployment: Deployment, ctx: CallContext): Promise<EmbeddingsResponse> {
    const texts = embeddingInputsAsText(req);
    if (!texts) throw new ProviderError({ provider: this.id, code: 'bad_request', status: 400, message: `${this.id} embeddings take text input, not token arrays` });
    const res = await this.post(
      deployment,
      'batchEmbedContents',
      {
        requests: texts.map((text) => ({
          model: `models/${deployment.upstreamModel}`,
          content: { parts: [{ text }] },
          ...(req.dimensions ? { outputDimensionality: req.dimensions } : {}),
        })),
      },
      ctx,
    );
    const body = asRecord(await res.json());
    return {
      object: 'list',
      data: asArray(body.embeddings).map((e, index) => ({
        object: 'embedding',
        index,
        embedding: encodeEmbedding(asArray(asRecord(e).values).map(num), req.encoding_format),
      })),
      model: deployment.upstreamModel,
      // the Gemini API does not report embedding token counts
      usage: { prompt_tokens: 0, total_tokens: 0 },
    };
  }

  protected async post(deployment: Deployment, method: GoogleMethod, body: unknown, ctx: CallContext): Promise<UpstreamResponse> {
    const key = await keyFor(this.credentials, deployment);
    const res = await this.http.send({
      provider: this.id,
      url: this.url(deployment, method),
      headers: { ...JSON_HEADERS, ...this.authHeaders(key) },
      body: JSON.stringify(body),
      ctx,
    });
    if (!res.ok) throw await errorFromResponse(res, this.id, refineGoogleError);
    return res;
  }
}

/** The Gemini API (`generativelanguage.googleapis.com/v1beta`), key in `x-goog-api-key`. */
export class GeminiAdapter extends GoogleGenerativeAdapter {
  readonly id = 'gemini' as const;

  protected url(deployment: Deployment, method: GoogleMethod): string {
    const version = deployment.apiVersion ?? 'v1beta';
    const path = `${version}/models/${encodeURIComponent(deployment.upstreamModel)}:${method}${method === 'streamGenerateContent' ? '?alt=sse' : ''}`;
    return joinUrl(deployment.baseUrl ?? GEMINI_BASE_URL, path);
  }

  protected authHeaders(key: string): Record<string, string> {
    return { 'x-goog-api-key': key };
  }
}

export function createGeminiAdapter(http: HttpClient, credentials: CredentialSource): GeminiAdapter {
  return new GeminiAdapter(http, credentials);
}
