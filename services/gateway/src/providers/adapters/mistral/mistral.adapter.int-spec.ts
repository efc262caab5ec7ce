import { describeAdapterContract, userRequest } from '../../../../test/fakes/adapter-contract';
import { OpenAIFake } from '../../../../test/fakes/openai.fake';
import { createMistralAdapter } from './mistral.adapter';

describeAdapterContract(
  {
    name: 'mistral',
    fake: () => new OpenAIFake({ dialect: 'mistral', apiKey: 'mistral-test-key-0123' }),
    adapter: createMistralAdapter,
    deployment: (fake) => ({ id: 'mistral-large', provider: 'mistral', upstreamModel: 'mistral-large-latest', baseUrl: `${fake.url}/v1` }),
    key: 'mistral-test-key-0123',
    expectAuth: (req, key) => expect(req.headers.authorization).toBe(`Bearer ${key}`),
    embeddings: true,
  },
  (ctx) => {
    describe('dialect', () => {
      it('renames seed, max_completion_tokens and required tool choice, and drops fields Mistral rejects', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.chat(
          userRequest('hi', { seed: 5, max_completion_tokens: 20, user: 'u1', tool_choice: 'required', tools: [{ type: 'function', function: { name: 't', parameters: { type: 'object', properties: {} } } }] }),
          deployment,
          {},
        );
        expect(fake.last.body).toMatchObject({ random_seed: 5, max_tokens: 20, tool_choice: 'any' });
        for (const k of ['seed', 'max_completion_tokens', 'user']) expect(fake.last.body[k]).toBeUndefined();
      });

      it('does not send stream_options, which Mistral rejects', async () => {
        const { adapter, deployment, fake } = ctx();
        for await (const _ of adapter.chatStream(userRequest('hi', { stream: true, stream_options: { include_usage: true } }), deployment, {})) void _;
        expect(fake.last.body.stream_options).toBeUndefined();
      });
    });
  },
);
