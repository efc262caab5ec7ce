import { stringify } from 'yaml';
import { catalogueCredentialSource, providerKeysFromConfig } from './catalogue-credentials';
import { buildCatalogue, CatalogueError, DEFAULT_BREAKER, loadCatalogue } from './load-catalogue';

const EMBEDDING_PROVIDERS = new Set(['openai', 'azure-openai', 'together', 'mistral', 'openai-compatible', 'gemini', 'vertex', 'cohere', 'mock']);
const options = { supportsEmbeddings: (p: string) => EMBEDDING_PROVIDERS.has(p) };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogueError);
    return (e as CatalogueError).problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  }
  throw new Error('expected a CatalogueError');
}

const file = (models: Record<string, unknown>, extra: Record<string, unknown> = {}) => stringify({ models, ...extra });

describe('model catalogue', () => {
  describe('built-in models', () => {
    const catalogue = loadCatalogue(undefined, options);

    it('works offline with mock chat and embedding models and the alias fast', () => {
      expect(catalogue.publicNames()).toEqual(expect.arrayContaining(['mock/gpt-4o-mini', 'mock/claude-sonnet', 'mock/embedding', 'fast']));
      expect(catalogue.resolve('fast')).toBe(catalogue.resolve('mock/gpt-4o-mini'));
      expect(catalogue.resolve('mock/embedding')?.type).toBe('embeddings');
      expect(catalogue.deployments().every((d) => d.provider === 'mock')).toBe(true);
    });

    it('knows nothing of other names', () => {
      expect(catalogue.resolve('openai/gpt-4o-mini')).toBeUndefined();
    });
  });

  describe('a catalogue file', () => {
    const yaml = file(
      {
        'openai/gpt-4o-mini': {
          routing: 'least-busy',
          pricing: { input: 0.15, output: 0.6 },
          breaker: { failureThreshold: 3 },
          timeouts: { firstByteMs: 20_000 },
          fallbacks: ['claude'],
          deployments: [
            { id: 'openai-us', provider: 'openai', model: 'gpt-4o-mini', weight: 3, breaker: { openMs: 5_000 } },
            { provider: 'azure-openai', model: 'gpt4o-prod', baseUrl: 'https://acme.openai.azure.com', credential: 'azure-eu', timeouts: { connectMs: 1_000 } },
          ],
        },
        'anthropic/claude-haiku': { deployments: [{ provider: 'anthropic', model: 'claude-haiku-4-5' }] },
      },
      { aliases: { claude: 'anthropic/claude-haiku' }, defaults: { maxAttempts: 4, breaker: { halfOpenProbes: 2 } } },
    );
    const catalogue = loadCatalogue('/etc/models.yaml', options, () => yaml);

    it('maps public names and aliases to their deployments, keeping the built-in mock models', () => {
      const model = catalogue.resolve('openai/gpt-4o-mini')!;
      expect(model.deployments.map((d) => [d.id, d.provider, d.upstreamModel, d.weight])).toEqual([
        ['openai-us', 'openai', 'gpt-4o-mini', 3],
        ['openai/gpt-4o-mini#1', 'azure-openai', 'gpt4o-prod', 1],
      ]);
      expect(catalogue.resolve('claude')?.name).toBe('anthropic/claude-haiku');
      expect(catalogue.resolve('fast')?.name).toBe('mock/gpt-4o-mini');
    });

    it('resolves fallback chains to models', () => {
      expect(catalogue.resolve('openai/gpt-4o-mini')!.fallbacks.map((m) => m.name)).toEqual(['anthropic/claude-haiku']);
    });

    it('lets the deployment override the model, and the model the catalogue defaults', () => {
      const model = catalogue.resolve('openai/gpt-4o-mini')!;
      const [us, azure] = model.deployments;
      expect(model.routing).toBe('least-busy');
      expect(model.maxAttempts).toBe(4);
      expect(us.breaker).toEqual({ ...DEFAULT_BREAKER, halfOpenProbes: 2, failureThreshold: 3, openMs: 5_000 });
      expect(azure.timeouts).toEqual({ firstByteMs: 20_000, connectMs: 1_000 });
      expect(azure.credential).toBe('azure-eu');
      expect(us.credential).toBe('openai');
      expect(us.pricing).toEqual({ input: 0.15, output: 0.6 });
    });

    it('drops the built-in models with builtins: false', () => {
      const only = buildCatalogue({ builtins: false, models: { a: { deployments: [{ provider: 'mock', model: 'm' }] } } }, { ...options, source: 'x' });
      expect(only.publicNames()).toEqual(['a']);
    });

    it('reads JSON files too', () => {
      const json = JSON.stringify({ models: { a: { deployments: [{ provider: 'mock', model: 'm' }] } } });
      expect(loadCatalogue('/etc/models.json', options, () => json).resolve('a')).toBeDefined();
    });
  });

  describe('refusing a bad catalogue at boot, naming each entry', () => {
    const load = (models: Record<string, unknown>, extra: Record<string, unknown> = {}) => () => buildCatalogue({ models, ...extra }, { ...options, source: 'models.yaml' });

    it('names the deployment whose provider is unknown', () => {
      expect(problemsOf(load({ 'openai/gpt-4o-mini': { deployments: [{ provider: 'mock', model: 'a' }, { provider: 'opneai', model: 'b' }] } }))).toEqual([
        expect.stringMatching(/^models\["openai\/gpt-4o-mini"\]\.deployments\[1\]\.provider: must be one of openai, /),
      ]);
    });

    it('names unknown fields, missing fields and bad values', () => {
      expect(problemsOf(load({ a: { deployments: [{ provider: 'mock', model: 'm', wieght: 2 }] }, b: { deployments: [{ provider: 'mock' }] }, c: { deployments: [] } }))).toEqual([
        'models.a.deployments[0]: unknown field "wieght"',
        expect.stringMatching(/^models\.b\.deployments\[0\]\.model: /),
        'models.c.deployments: needs at least one deployment',
      ]);
    });

    it('names an invalid model name', () => {
      expect(problemsOf(load({ 'bad name': { deployments: [{ provider: 'mock', model: 'm' }] } }))[0]).toMatch(/^models\["bad name"\]: invalid name/);
    });

    it('lists every cross-entry problem at once', () => {
      const problems = problemsOf(
        load(
          {
            a: { fallbacks: ['nowhere', 'a', 'e'], deployments: [{ id: 'dup', provider: 'azure-openai', model: 'm' }] },
            b: { deployments: [{ id: 'dup', provider: 'vertex', model: 'm', weight: 0 }] },
            e: { type: 'embeddings', deployments: [{ provider: 'anthropic', model: 'm' }] },
          },
          { aliases: { x: 'missing', a: 'b' } },
        ),
      );
      expect(problems).toEqual(
        expect.arrayContaining([
          'aliases.x: "missing" is not a model in the catalogue',
          'aliases.a: "a" is already the name of a model',
          'models.a.deployments[0].baseUrl: is required for provider azure-openai',
          'models.b.deployments[0].id: "dup" is already the id of models.a.deployments[0]',
          'models.b.deployments[0].extra.project: is required for provider vertex (the Google Cloud project id)',
          'models.b.deployments: at least one deployment needs a weight above 0',
          'models.e.deployments[0].provider: anthropic does not serve embeddings',
          'models.a.fallbacks[0]: "nowhere" is not a model in the catalogue',
          'models.a.fallbacks[1]: a model cannot fall back to itself',
          'models.a.fallbacks[2]: "e" serves embeddings, a serves chat',
        ]),
      );
      expect(problems).toHaveLength(10);
    });

    it('says where a file cannot be parsed or read', () => {
      expect(problemsOf(() => loadCatalogue('m.yaml', options, () => 'models: [unclosed'))[0]).toMatch(/^cannot be parsed: /);
      expect(
        problemsOf(() =>
          loadCatalogue('/nope.yaml', options, () => {
            throw Object.assign(new Error('x'), { code: 'ENOENT' });
          }),
        ),
      ).toEqual(['cannot be read: ENOENT']);
    });
  });

  describe('provider credentials', () => {
    const catalogue = buildCatalogue(
      {
        models: {
          a: { deployments: [{ id: 'oa', provider: 'openai', model: 'm' }, { id: 'az', provider: 'azure-openai', model: 'm', baseUrl: 'https://x.example', credential: 'azure-eu' }] },
          local: { deployments: [{ id: 'vllm', provider: 'openai-compatible', model: 'm', baseUrl: 'http://127.0.0.1:1/v1' }] },
        },
      },
      { ...options, source: 'x' },
    );

    it('finds keys by credential reference; the well-known variables win over GATEWAY_PROVIDER_KEYS', async () => {
      const keys = providerKeysFromConfig({ GATEWAY_PROVIDER_KEYS: { openai: 'from-json', 'azure-eu': 'az-key' }, OPENAI_API_KEY: 'from-env' });
      const source = catalogueCredentialSource(catalogue, keys);
      const [oa, az] = catalogue.resolve('a')!.deployments;
      await expect(source.getKey(oa)).resolves.toBe('from-env');
      await expect(source.getKey(az)).resolves.toBe('az-key');
      await expect(source.getKey(catalogue.resolve('local')!.deployments[0])).resolves.toBe('');
      await expect(source.getKey(catalogue.resolve('fast')!.deployments[0])).resolves.toBe('');
    });

    it('refuses to start when a deployment has no key, naming the deployment and the variable, never a key', () => {
      const problems = problemsOf(() => catalogueCredentialSource(catalogue, { openai: 'sk-secret-value' }));
      expect(problems).toEqual(['deployment "az" of model "a": no key for credential "azure-eu": set GATEWAY_PROVIDER_KEYS["azure-eu"]']);
      expect(problemsOf(() => catalogueCredentialSource(catalogue, { 'azure-eu': 'k' }))).toEqual([
        'deployment "oa" of model "a": no key for credential "openai": set OPENAI_API_KEY or GATEWAY_PROVIDER_KEYS["openai"]',
      ]);
    });
  });
});
