import { collect, describeAdapterContract, userRequest } from '../../../../test/fakes/adapter-contract';
import { OpenAIFake } from '../../../../test/fakes/openai.fake';
import { createTogetherAdapter } from './together.adapter';

describeAdapterContract(
  {
    name: 'together',
    fake: () => new OpenAIFake({ dialect: 'together', apiKey: 'together-test-key-0123' }),
    adapter: createTogetherAdapter,
    deployment: (fake) => ({ id: 'llama-together', provider: 'together', upstreamModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', baseUrl: `${fake.url}/v1` }),
    key: 'together-test-key-0123',
    expectAuth: (req, key) => expect(req.headers.authorization).toBe(`Bearer ${key}`),
    embeddings: true,
  },
  (ctx) => {
    it('moves usage from the last content chunk into a separate usage chunk', async () => {
      const { adapter, deployment } = ctx();
      const chunks = await collect(adapter.chatStream(userRequest('a', { stream: true, stream_options: { include_usage: true } }), deployment, {}));
      const contentChunks = chunks.filter((c) => c.choices.length > 0);
      expect(contentChunks.every((c) => c.usage === undefined)).toBe(true);
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 2 } });
    });
  },
);
