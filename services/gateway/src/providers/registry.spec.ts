import { ConfigCredentialSource } from './credentials';
import { isProviderId, PROVIDER_IDS, ProviderRegistry } from './registry';

describe('ProviderRegistry', () => {
  const registry = new ProviderRegistry(new ConfigCredentialSource({}));
  afterAll(() => registry.close());

  it('has an adapter for every provider id, each answering to its own id', () => {
    expect(PROVIDER_IDS.sort()).toEqual(
      ['anthropic', 'azure-openai', 'bedrock', 'cohere', 'gemini', 'groq', 'mistral', 'mock', 'openai', 'openai-compatible', 'together', 'vertex'].sort(),
    );
    for (const id of PROVIDER_IDS) expect(registry.get(id).id).toBe(id);
  });

  it('creates each adapter once', () => {
    expect(registry.get('openai')).toBe(registry.get('openai'));
  });

  it('offers embeddings exactly where the capability says so', () => {
    for (const id of PROVIDER_IDS) {
      const adapter = registry.get(id);
      expect([id, typeof adapter.embeddings === 'function']).toEqual([id, adapter.capabilities.embeddings]);
    }
  });

  it('tells provider ids from other strings', () => {
    expect(isProviderId('bedrock')).toBe(true);
    expect(isProviderId('toString')).toBe(false);
  });
});
