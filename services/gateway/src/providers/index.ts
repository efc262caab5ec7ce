export * from './canonical';
export * from './errors';
export * from './provider-adapter';
export { ConfigCredentialSource } from './credentials';
export { HttpClient, DEFAULT_TIMEOUTS, type HttpClientOptions } from './http/http-client';
export { ProviderRegistry, PROVIDER_IDS, isProviderId } from './registry';
export * from './anthropic-surface';
export { MockAdapter, mockTokenCount } from './adapters/mock/mock.adapter';
export { OpenAICompatibleAdapter, type OpenAICompatibleProfile } from './adapters/openai-compatible/openai-compatible.adapter';
