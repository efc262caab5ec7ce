import type { ProviderCapabilities } from '../../provider-adapter';

export const OPENAI_STYLE_CAPABILITIES: ProviderCapabilities = {
  chat: true,
  stream: true,
  tools: true,
  jsonMode: true,
  vision: true,
  embeddings: true,
};

export function bearer(key: string): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}
