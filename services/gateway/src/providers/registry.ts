import { createAnthropicAdapter } from './adapters/anthropic/anthropic.adapter';
import { createAzureOpenAIAdapter } from './adapters/azure-openai/azure-openai.adapter';
import { createBedrockAdapter } from './adapters/bedrock/bedrock.adapter';
import { createCohereAdapter } from './adapters/cohere/cohere.adapter';
import { createGeminiAdapter } from './adapters/gemini/gemini.adapter';
import { createGroqAdapter } from './adapters/groq/groq.adapter';
import { createMistralAdapter } from './adapters/mistral/mistral.adapter';
import { createMockAdapter } from './adapters/mock/mock.adapter';
import { createOpenAICompatibleAdapter } from './adapters/openai-compatible/openai-compatible.profile';
import { createOpenAIAdapter } from './adapters/openai/openai.adapter';
import { createTogetherAdapter } from './adapters/together/together.adapter';
import { createVertexAdapter } from './adapters/vertex/vertex.adapter';
import { HttpClient, type HttpClientOptions } from './http/http-client';
import type { CredentialSource, ProviderAdapter, ProviderId } from './provider-adapter';

type Factory = (http: HttpClient, credentials: CredentialSource) => ProviderAdapter;

const FACTORIES: Record<ProviderId, Factory> = {
  openai: createOpenAIAdapter,
  'azure-openai': createAzureOpenAIAdapter,
  anthropic: createAnthropicAdapter,
  bedrock: createBedrockAdapter,
  gemini: createGeminiAdapter,
  vertex: createVertexAdapter,
  mistral: createMistralAdapter,
  cohere: createCohereAdapter,
  groq: createGroqAdapter,
  together: createTogetherAdapter,
  'openai-compatible': createOpenAICompatibleAdapter,
  mock: () => createMockAdapter(),
};

export const PROVIDER_IDS = Object.keys(FACTORIES) as ProviderId[];

export function isProviderId(value: string): value is ProviderId {
  return Object.prototype.hasOwnProperty.call(FACTORIES, value);
}

/**
 * Provider id → adapter, all sharing one HTTP client (one keep-alive pool per upstream origin).
 * Create one per process; `close()` on shutdown drains the pools.
 */
export class ProviderRegistry {
  private readonly adapters = new Map<ProviderId, ProviderAdapter>();
  readonly http: HttpClient;

  constructor(
    private readonly credentials: CredentialSource,
    options: { http?: HttpClient; httpOptions?: HttpClientOptions } = {},
  ) {
    this.http = options.http ?? new HttpClient(options.httpOptions);
  }

  get(provider: ProviderId): ProviderAdapter {
    let adapter = this.adapters.get(provider);
    if (!adapter) {
      const factory = FACTORIES[provider];
      if (!factory) throw new Error(`unknown provider ${String(provider)}`);
      adapter = factory(this.http, this.credentials);
      this.adapters.set(provider, adapter);
    }
    return adapter;
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}
