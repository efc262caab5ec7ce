import { describeAdapterContract, userRequest, WEATHER_TOOL } from '../../../../test/fakes/adapter-contract';
import { CohereFake } from '../../../../test/fakes/cohere.fake';
import type { ChatCompletionRequest } from '../../canonical/chat.schema';
import { createCohereAdapter } from './cohere.adapter';

describeAdapterContract(
  {
    name: 'cohere',
    fake: () => new CohereFake('co-test-key-123456'),
    adapter: createCohereAdapter,
    deployment: (fake) => ({ id: 'command', provider: 'cohere', upstreamModel: 'command-a-03-2025', baseUrl: fake.url }),
    key: 'co-test-key-123456',
    expectAuth: (req, key) => expect(req.headers.authorization).toBe(`Bearer ${key}`),
    embeddings: true,
  },
  (ctx) => {
    describe('translation on the wire', () => {
      it('renames top_p, stop and tool_choice to Cohere names and keeps tool messages', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.chat(
          {
            model: 'x',
            top_p: 0.9,
            stop: ['END'],
            max_completion_tokens: 30,
            tools: [WEATHER_TOOL],
            tool_choice: 'required',
            messages: [
              { role: 'system', content: 'Be terse.' },
              { role: 'user', content: 'Weather?' },
              { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
              { role: 'tool', tool_call_id: 'c1', content: '18C' },
            ],
          } as ChatCompletionRequest,
          deployment,
          {},
        );
        expect(fake.last.path).toBe('/v2/chat');
        expect(fake.last.body).toMatchObject({ model: 'command-a-03-2025', p: 0.9, stop_sequences: ['END'], max_tokens: 30, tool_choice: 'REQUIRED' });
        expect(fake.last.body.messages).toEqual([
          { role: 'system', content: 'Be terse.' },
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
          { role: 'tool', tool_call_id: 'c1', content: '18C' },
        ]);
      });

      it('sends json_schema as a json_object response format with the schema', async () => {
        const { adapter, deployment, fake } = ctx();
        const schema = { type: 'object', properties: { a: { type: 'string' } } };
        await adapter.chat(userRequest('x', { response_format: { type: 'json_schema', json_schema: { name: 'o', schema } } }), deployment, {});
        expect(fake.last.body.response_format).toEqual({ type: 'json_object', json_schema: schema });
      });

      it('reports the tokens the model processed rather than billed units', async () => {
        const { adapter, deployment } = ctx();
        const res = await adapter.chat(userRequest('one two'), deployment, {});
        expect(res.usage.prompt_tokens).toBe(12);
      });

      it('embeds through /v2/embed with an input type and float embeddings', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.embeddings!({ model: 'e', input: 'hello' }, deployment, {});
        expect(fake.last.body).toEqual({ model: 'command-a-03-2025', texts: ['hello'], input_type: 'search_document', embedding_types: ['float'] });
      });
    });
  },
);
