import { describeAdapterContract, userRequest, WEATHER_TOOL } from '../../../../test/fakes/adapter-contract';
import { OpenAIFake } from '../../../../test/fakes/openai.fake';
import { createOpenAIAdapter } from './openai.adapter';

describeAdapterContract(
  {
    name: 'openai',
    fake: () => new OpenAIFake({ apiKey: 'sk-test-openai-key' }),
    adapter: createOpenAIAdapter,
    deployment: (fake) => ({ id: 'openai-gpt', provider: 'openai', upstreamModel: 'gpt-4o-mini', baseUrl: `${fake.url}/v1` }),
    key: 'sk-test-openai-key',
    expectAuth: (req, key) => expect(req.headers.authorization).toBe(`Bearer ${key}`),
    embeddings: true,
    inStreamErrorCode: 'upstream_error',
  },
  (ctx) => {
    describe('wire format', () => {
      it('sends the upstream model and the request otherwise untouched', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.chat(userRequest('hi', { temperature: 0.3, seed: 7, tools: [WEATHER_TOOL], tool_choice: 'auto', user: 'u1', response_format: { type: 'json_object' } }), deployment, {});
        expect(fake.last.path).toBe('/v1/chat/completions');
        expect(fake.last.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.3, seed: 7, tool_choice: 'auto', user: 'u1', response_format: { type: 'json_object' } });
        expect(fake.last.body.tools).toEqual([WEATHER_TOOL]);
        expect(fake.last.body.stream).toBeUndefined();
      });

      it('always asks for stream usage upstream, so the gateway can account for it', async () => {
        const { adapter, deployment, fake } = ctx();
        for await (const _ of adapter.chatStream(userRequest('hi', { stream: true }), deployment, {})) void _;
        expect(fake.last.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
      });
    });
  },
);
