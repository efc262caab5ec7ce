import { describeAdapterContract, userRequest, WEATHER_TOOL } from '../../../../test/fakes/adapter-contract';
import { GeminiFake } from '../../../../test/fakes/google.fake';
import type { ChatCompletionRequest } from '../../canonical/chat.schema';
import { createGeminiAdapter } from './gemini.adapter';

describeAdapterContract(
  {
    name: 'gemini',
    fake: () => new GeminiFake('AIzaTestKey0123456789abcdefghij'),
    adapter: createGeminiAdapter,
    deployment: (fake) => ({ id: 'gemini-flash', provider: 'gemini', upstreamModel: 'gemini-2.5-flash', baseUrl: fake.url }),
    key: 'AIzaTestKey0123456789abcdefghij',
    expectAuth: (req, key) => {
      expect(req.headers['x-goog-api-key']).toBe(key);
      expect(req.query.get('key')).toBeNull();
    },
    embeddings: true,
  },
  (ctx) => {
    describe('translation on the wire', () => {
      it('sends system as systemInstruction, assistant turns as model, and generation settings', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.chat(
          {
            model: 'x',
            messages: [
              { role: 'system', content: 'Be terse.' },
              { role: 'user', content: 'hi' },
              { role: 'assistant', content: 'hello' },
              { role: 'user', content: 'again' },
            ],
            temperature: 0.5,
            max_tokens: 100,
            stop: ['END'],
            seed: 3,
          } as ChatCompletionRequest,
          deployment,
          {},
        );
        expect(fake.last.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
        expect(fake.last.body).toEqual({
          systemInstruction: { parts: [{ text: 'Be terse.' }] },
          contents: [
            { role: 'user', parts: [{ text: 'hi' }] },
            { role: 'model', parts: [{ text: 'hello' }] },
            { role: 'user', parts: [{ text: 'again' }] },
          ],
          generationConfig: { temperature: 0.5, maxOutputTokens: 100, stopSequences: ['END'], seed: 3 },
        });
      });

      it('declares tools as functionDeclarations and answers tool calls with functionResponse by name', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.chat(
          {
            model: 'x',
            tools: [{ ...WEATHER_TOOL, function: { ...WEATHER_TOOL.function, parameters: { ...WEATHER_TOOL.function.parameters, additionalProperties: false } } }],
            tool_choice: { type: 'function', function: { name: 'get_weather' } },
            messages: [
              { role: 'user', content: 'Weather?' },
              { role: 'assistant', content: null, tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
              { role: 'tool', tool_call_id: 'call_9', content: '{"temp":18}' },
            ],
          } as ChatCompletionRequest,
          deployment,
          {},
        );
        expect(fake.last.body.tools).toEqual([{ functionDeclarations: [{ name: 'get_weather', description: 'Current weather for a city', parameters: WEATHER_TOOL.function.parameters }] }]);
        expect(fake.last.body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
        expect(fake.last.body.contents.slice(1)).toEqual([
          { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { location: 'Paris' } } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp: 18 } } }] },
        ]);
      });

      it('asks for JSON with responseMimeType and a cleaned responseSchema', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.chat(
          userRequest('x', { response_format: { type: 'json_schema', json_schema: { name: 'o', strict: true, schema: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false } } } }),
          deployment,
          {},
        );
        expect(fake.last.body.generationConfig).toEqual({ responseMimeType: 'application/json', responseSchema: { type: 'object', properties: { a: { type: 'string' } } } });
      });

      it('streams from streamGenerateContent with alt=sse', async () => {
        const { adapter, deployment, fake } = ctx();
        for await (const _ of adapter.chatStream(userRequest('hi', { stream: true }), deployment, {})) void _;
        expect(fake.last.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
        expect(fake.last.query.get('alt')).toBe('sse');
      });

      it('embeds through batchEmbedContents with the model named per request', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.embeddings!({ model: 'e', input: ['a', 'b'], dimensions: 8 }, deployment, {});
        expect(fake.last.path).toBe('/v1beta/models/gemini-2.5-flash:batchEmbedContents');
        expect(fake.last.body.requests[0]).toEqual({ model: 'models/gemini-2.5-flash', content: { parts: [{ text: 'a' }] }, outputDimensionality: 8 });
      });
    });
  },
);
