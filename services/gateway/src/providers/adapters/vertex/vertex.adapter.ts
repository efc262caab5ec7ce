import { embeddingInputsAsText, encodeEmbedding, type EmbeddingsRequest, type EmbeddingsResponse } from '../../canonical/embeddings.schema';
import { ProviderError } from '../../errors/provider-error';
import type { HttpClient } from '../../http/http-client';
import type { CallContext, CredentialSource, Deployment } from '../../provider-adapter';
import { GoogleGenerativeAdapter, type GoogleMethod } from '../gemini/gemini.adapter';
import { asArray, asRecord, extraString, joinUrl, num } from '../shared';

/**
 * Vertex AI: the Gemini request body at a project/location URL, authenticated with an OAuth
 * access token (the credential source hands out the token; minting it from a service account
 * is the credentials service's job). `extra.project` is required; `region` defaults to us-central1.
 */
export class VertexAdapter extends GoogleGenerativeAdapter {
  readonly id = 'vertex' as const;

  protected url(deployment: Deployment, method: GoogleMethod): string {
    const project = extraString(deployment, 'project');
    if (!project) throw new Error(`deployment ${deployment.id} needs extra.project for Vertex AI`);
    const location = deployment.region ?? 'us-central1';
    const host = deployment.baseUrl ?? (location === 'global' ? 'https://aiplatform.googleapis.com' : `https://${location}-aiplatform.googleapis.com`);
    const publisher = extraString(deployment, 'publisher') ?? 'google';
    const path = `${deployment.apiVersion ?? 'v1'}/projects/${encodeURIComponent(project)}/locations/${location}/publishers/${publisher}/models/${encodeURIComponent(deployment.upstreamModel)}:${method}`;
    return joinUrl(host, path) + (method === 'streamGenerateContent' ? '?alt=sse' : '');
  }

  protected authHeaders(key: string): Record<string, string> {
    return { authorization: `Bearer ${key}` };
  }

  /** Vertex text embeddings use `:predict` with `instances`, not Gemini's batchEmbedContents. */
  override async embeddings(req: EmbeddingsRequest, deployment: Deployment, ctx: CallContext): Promise<EmbeddingsResponse> {
    const texts = embeddingInputsAsText(req);
    if (!texts) throw new ProviderError({ provider: this.id, code: 'bad_request', status: 400, message: 'vertex embeddings take text input, not token arrays' });
    const res = await this.post(
      deployment,
      'predict',
      { instances: texts.map((content) => ({ content })), ...(req.dimensions ? { parameters: { outputDimensionality: req.dimensions } } : {}) },
      ctx,
    );
    const predictions = asArray(asRecord(await res.json()).predictions).map((p) => asRecord(asRecord(p).embeddings));
    const tokens = predictions.reduce((n, e) => n + num(asRecord(e.statistics).token_count), 0);
    return {
      object: 'list',
      data: predictions.map((e, index) => ({ object: 'embedding', index, embedding: encodeEmbedding(asArray(e.values).map(num), req.encoding_format) })),
      model: deployment.upstreamModel,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
  }
}

export function createVertexAdapter(http: HttpClient, credentials: CredentialSource): VertexAdapter {
  return new VertexAdapter(http, credentials);
}
