import { collect, describeAdapterContract, expectProviderError, userRequest, WEATHER_TOOL } from '../../../../test/fakes/adapter-contract';
import { BedrockFake } from '../../../../test/fakes/bedrock.fake';
import { ConfigCredentialSource } from '../../credentials';
import type { ChatCompletionRequest } from '../../canonical/chat.schema';
import { createBedrockAdapter } from './bedrock.adapter';
import { parseBedrockCredential } from './bedrock.auth';

const KEY = 'AKIAFAKEFAKEFAKE1234:fake/secret/key/0123456789abcdefghijklmn';

describeAdapterContract(
  {
    name: 'bedrock',
    fake: () => new BedrockFake({ region: 'eu-central-1', apiKey: 'bedrock-api-key-abcdef123456' }),
    adapter: createBedrockAdapter,
    deployment: (fake) => ({ id: 'claude-on-bedrock', provider: 'bedrock', upstreamModel: 'anthropic.claude-3-5-sonnet-20240620-v1:0', baseUrl: fake.url, region: 'eu-central-1' }),
    key: KEY,
    expectAuth: (req) => {
      expect(String(req.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKE1234\/\d{8}\/eu-central-1\/bedrock\/aws4_request/);
      expect(req.headers['x-amz-date']).toBeTruthy();
    },
    jsonMode: false,
    overloadedStatus: 503,
    inStreamErrorCode: 'rate_limited',
  },
  (ctx) => {
    describe('SigV4 and addressing', () => {
      it('signs requests so the service-side signature check passes', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.chat(userRequest('hi'), deployment, {});
        expect(fake.signatureFailures).toEqual([]);
        expect(fake.last.path).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse');
      });

      it('is rejected as auth when the secret is wrong', async () => {
        const { http, deployment } = ctx();
        const adapter = createBedrockAdapter(http, new ConfigCredentialSource({ [deployment.id]: 'AKIAFAKEFAKEFAKE1234:not-the-secret-at-all' }));
        const err = await expectProviderError(adapter.chat(userRequest('hi'), deployment, {}));
        expect(err.code).toBe('auth');
        expect(err.message).not.toContain('not-the-secret-at-all');
      });

      it('sends a Bedrock API key as a bearer token', async () => {
        const { http, deployment, fake } = ctx();
        const adapter = createBedrockAdapter(http, new ConfigCredentialSource({ [deployment.id]: 'bedrock-api-key-abcdef123456' }));
        await adapter.chat(userRequest('hi'), deployment, {});
        expect(fake.last.headers.authorization).toBe('Bearer bedrock-api-key-abcdef123456');
      });

      it('streams from converse-stream and decodes event-stream frames', async () => {
        const { adapter, deployment, fake } = ctx();
        const chunks = await collect(adapter.chatStream(userRequest('a b', { stream: true }), deployment, {}));
        expect(fake.last.path).toMatch(/\/converse-stream$/);
        expect(fake.last.headers.accept).toBe('application/vnd.amazon.eventstream');
        expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Echo: a b');
      });
    });

    describe('translation on the wire', () => {
      it('sends system, inference settings, tools and tool results in Converse shapes', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.chat(
          {
            model: 'x',
            max_tokens: 50,
            temperature: 0.4,
            stop: 'END',
            tools: [WEATHER_TOOL],
            tool_choice: 'required',
            messages: [
              { role: 'system', content: 'Be terse.' },
              { role: 'user', content: 'Weather?' },
              { role: 'assistant', content: null, tool_calls: [{ id: 'tooluse_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
              { role: 'tool', tool_call_id: 'tooluse_1', content: '{"temp":18}' },
            ],
          } as ChatCompletionRequest,
          deployment,
          {},
        );
        expect(fake.last.body).toEqual({
          system: [{ text: 'Be terse.' }],
          messages: [
            { role: 'user', content: [{ text: 'Weather?' }] },
            { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { location: 'Paris' } } }] },
            { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_1', content: [{ json: { temp: 18 } }] } }] },
          ],
          inferenceConfig: { maxTokens: 50, temperature: 0.4, stopSequences: ['END'] },
          toolConfig: {
            tools: [{ toolSpec: { name: 'get_weather', description: 'Current weather for a city', inputSchema: { json: WEATHER_TOOL.function.parameters } } }],
            toolChoice: { any: {} },
          },
        });
      });

      it('answers json_schema through a forced tool', async () => {
        const { adapter, deployment, fake } = ctx();
        const res = await adapter.chat(
          userRequest('city', { response_format: { type: 'json_schema', json_schema: { name: 'city', schema: { type: 'object', properties: { city: { type: 'string' } } } } } }),
          deployment,
          {},
        );
        expect(fake.last.body.toolConfig.toolChoice).toEqual({ tool: { name: 'city' } });
        expect(JSON.parse(res.choices[0].message.content!)).toEqual({ city: 'Paris' });
      });
    });
  },
);

describe('parseBedrockCredential', () => {
  it('reads an access key pair with a session token', () => {
    expect(parseBedrockCredential('ASIAEXAMPLEEXAMPLE12:secret:token:with:colons')).toEqual({
      kind: 'sigv4',
      credentials: { accessKeyId: 'ASIAEXAMPLEEXAMPLE12', secretAccessKey: 'secret', sessionToken: 'token:with:colons' },
    });
  });

  it('reads JSON credentials', () => {
    expect(parseBedrockCredential('{"accessKeyId":"AKIAX","secretAccessKey":"s"}')).toMatchObject({ kind: 'sigv4' });
  });

  it('treats anything else as a Bedrock API key', () => {
    expect(parseBedrockCredential('ABSKbedrockapikey')).toEqual({ kind: 'bearer', token: 'ABSKbedrockapikey' });
  });
});
