import { describeAdapterContract, userRequest } from '../../../../test/fakes/adapter-contract';
import { OpenAIFake } from '../../../../test/fakes/openai.fake';
import { createOpenAICompatibleAdapter } from './openai-compatible.profile';

describeAdapterContract(
  {
    name: 'openai-compatible',
    fake: () => new OpenAIFake({ dialect: 'vllm', apiKey: 'vllm-token-0123456789' }),
    adapter: createOpenAICompatibleAdapter,
    deployment: (fake) => ({ id: 'vllm-qwen', provider: 'openai-compatible', upstreamModel: 'Qwen/Qwen2.5-7B-Instruct', baseUrl: `${fake.url}/v1` }),
    key: 'vllm-token-0123456789',
    expectAuth: (req, key) => expect(req.headers.authorization).toBe(`Bearer ${key}`),
    embeddings: true,
  },
  (ctx) => {
    it('sends no authorization header when the deployment has no key (local Ollama)', async () => {
      const { http, deployment, fake } = ctx();
      const adapter = createOpenAICompatibleAdapter(http, { getKey: async () => '' });
      await adapter.chat(userRequest('hi'), deployment, {}).catch(() => undefined);
      expect(fake.last.headers.authorization).toBeUndefined();
    });
  },
);
