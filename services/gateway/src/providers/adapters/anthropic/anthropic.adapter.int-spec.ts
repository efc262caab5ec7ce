import { collect, describeAdapterContract, reassemble, userRequest, WEATHER_TOOL } from '../../../../test/fakes/adapter-contract';
import { AnthropicFake } from '../../../../test/fakes/anthropic.fake';
import type { ChatCompletionRequest } from '../../canonical/chat.schema';
import { createAnthropicAdapter } from './anthropic.adapter';

const schemaFormat = {
  type: 'json_schema' as const,
  json_schema: { name: 'city', schema: { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } } } },
};

describeAdapterContract(
  {
    name: 'anthropic',
    fake: () => new AnthropicFake('sk-ant-test-key-123'),
    adapter: createAnthropicAdapter,
    deployment: (fake) => ({ id: 'claude', provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5', baseUrl: fake.url }),
    key: 'sk-ant-test-key-123',
    expectAuth: (req, key) => {
      expect(req.headers['x-api-key']).toBe(key);
      expect(req.headers['anthropic-version']).toBe('2023-06-01');
      expect(req.headers.authorization).toBeUndefined();
    },
    overloadedStatus: 529,
    inStreamErrorCode: 'overloaded',
  },
  (ctx) => {
    describe('translation on the wire', () => {
      it('lifts system messages out and always sends max_tokens', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.chat(
          { model: 'x', messages: [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: 'hi' }], stop: 'END', temperature: 0.2, user: 'u-1' } as ChatCompletionRequest,
          deployment,
          {},
        );
        expect(fake.last.body).toEqual({
          model: 'claude-sonnet-4-5',
          max_tokens: 4096,
          system: 'Be terse.',
          messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
          stop_sequences: ['END'],
          temperature: 0.2,
          metadata: { user_id: 'u-1' },
        });
      });

      it('sends tool calls as tool_use blocks and tool results as tool_result blocks', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.chat(
          {
            model: 'x',
            tools: [WEATHER_TOOL],
            tool_choice: 'required',
            messages: [
              { role: 'user', content: 'Weather?' },
              { role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
              { role: 'tool', tool_call_id: 'toolu_1', content: '18C' },
            ],
          } as ChatCompletionRequest,
          deployment,
          {},
        );
        expect(fake.last.body.tools).toEqual([{ name: 'get_weather', description: 'Current weather for a city', input_schema: WEATHER_TOOL.function.parameters }]);
        expect(fake.last.body.tool_choice).toEqual({ type: 'any' });
        expect(fake.last.body.messages).toEqual([
          { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'Paris' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' }] },
        ]);
      });

      it('sends data-URL images as base64 image blocks', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.chat(
          { model: 'x', messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0K' } }] }] } as ChatCompletionRequest,
          deployment,
          {},
        );
        expect(fake.last.body.messages[0].content[1]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } });
      });

      it('counts cache reads and writes into prompt_tokens and reports cached_tokens', async () => {
        const { adapter, deployment } = ctx();
        const res = await adapter.chat(userRequest('a b c'), deployment, {});
        expect(res.usage.prompt_tokens_details?.cached_tokens).toBe(1);
        expect(res.usage.prompt_tokens).toBe(3);
      });
    });

    describe('JSON mode', () => {
      it('asks for JSON in the system prompt for json_object and gets JSON back', async () => {
        const { adapter, deployment, fake } = ctx();
        const res = await adapter.chat(userRequest('give json', { response_format: { type: 'json_object' } }), deployment, {});
        expect(fake.last.body.system).toContain('valid JSON');
        expect(JSON.parse(res.choices[0].message.content!)).toEqual({ echo: 'give json' });
      });

      it('turns json_schema into a forced tool and returns its input as the content', async () => {
        const { adapter, deployment, fake } = ctx();
        const res = await adapter.chat(userRequest('a city', { response_format: schemaFormat }), deployment, {});
        expect(fake.last.body.tool_choice).toEqual({ type: 'tool', name: 'city' });
        expect(res.choices[0].finish_reason).toBe('stop');
        expect(res.choices[0].message.tool_calls).toBeUndefined();
        expect(JSON.parse(res.choices[0].message.content!)).toEqual({ city: 'Paris', population: 42 });
      });

      it('streams json_schema answers as content deltas', async () => {
        const { adapter, deployment } = ctx();
        const r = reassemble(await collect(adapter.chatStream(userRequest('a city', { stream: true, response_format: schemaFormat }), deployment, {})));
        expect(r.tools).toHaveLength(0);
        expect(r.finish).toBe('stop');
        expect(JSON.parse(r.text)).toEqual({ city: 'Paris', population: 42 });
      });
    });
  },
);
