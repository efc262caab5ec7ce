import type { ChatCompletionRequest } from './canonical/chat.schema';
import type { ChatCompletion, ChatCompletionChunk } from './canonical/chat.types';
import type { EmbeddingsRequest, EmbeddingsResponse } from './canonical/embeddings.schema';

export type ProviderId =
  | 'openai'
  | 'azure-openai'
  | 'anthropic'
  | 'bedrock'
  | 'gemini'
  | 'vertex'
  | 'mistral'
  | 'cohere'
  | 'groq'
  | 'together'
  | 'openai-compatible'
  | 'mock';

/** One configured upstream model: where to send a request and how to authenticate it. */
export interface Deployment {
  id: string;
  provider: ProviderId;
  /** The model (or Azure deployment name, or Bedrock model id / inference profile) upstream. */
  upstreamModel: string;
  /** Overrides the provider's public endpoint (Azure resource URL, vLLM host, tests' fakes). */
  baseUrl?: string;
  /** AWS region for Bedrock, location for Vertex. */
  region?: string;
  /** Azure `api-version`, Anthropic `anthropic-version`. */
  apiVersion?: string;
  /** Provider-specific settings, e.g. `{ project }` for Vertex, latency knobs for mock. */
  extra?: Record<string, unknown>;
}

/** Where an adapter gets the key for a deployment: config now, the credentials service later. */
export interface CredentialSource {
  getKey(deployment: Deployment): Promise<string>;
}

export interface Timeouts {
  /** TCP + TLS connect. */
  connectMs: number;
  /** From sending the request to the response headers (time to first byte). */
  firstByteMs: number;
  /** Longest silence between two body chunks of a stream. */
  idleMs: number;
  /** The whole call, stream included. */
  totalMs: number;
}

export interface CallContext {
  /** Aborted when the client goes away; the upstream request is cancelled with it. */
  signal?: AbortSignal;
  /** Absolute time (epoch ms) after which the call fails with a `timeout` ProviderError. */
  deadline?: number;
  timeouts?: Partial<Timeouts>;
  /** For the caller's own logs and traces; not sent upstream. */
  requestId?: string;
}

export interface ProviderCapabilities {
  chat: true;
  stream: true;
  tools: boolean;
  jsonMode: boolean;
  vision: boolean;
  embeddings: boolean;
}

/**
 * Translates canonical (OpenAI wire format) requests to one provider and back. Adapters are
 * stateless apart from their HTTP pools and safe to share across requests. Every failure is a
 * `ProviderError`, except a client abort, which rejects with the signal's reason.
 */
export interface ProviderAdapter {
  readonly id: ProviderId;
  readonly capabilities: ProviderCapabilities;
  chat(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): Promise<ChatCompletion>;
  /**
   * Canonical chunks as the upstream produces them, never buffered. When
   * `req.stream_options.include_usage` is set, the last chunk has `choices: []` and `usage`.
   * Stopping the iteration (break / return) cancels the upstream request.
   */
  chatStream(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): AsyncIterable<ChatCompletionChunk>;
  embeddings?(req: EmbeddingsRequest, deployment: Deployment, ctx: CallContext): Promise<EmbeddingsResponse>;
}
