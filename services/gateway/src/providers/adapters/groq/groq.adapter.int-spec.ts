import { collect, describeAdapterContract, reassemble, userRequest } from '../../../../test/fakes/adapter-contract';
import { OpenAIFake } from '../../../../test/fakes/openai.fake';
import { ConfigCredentialSource } from '../../credentials';
import { HttpClient } from '../../http/http-client';
import { createGroqAdapter, groqProfile } from './groq.adapter';
import { OpenAICompatibleAdapter } from '../openai-compatible/openai-compatible.adapter';

describeAdapterContract(
  {
    name: 'groq',
    fake: () => new OpenAIFake({ dialect: 'groq', apiKey: 'gsk_testkey0123456789' }),
    adapter: createGroqAdapter,
    deployment: (fake) => ({ id: 'llama-groq', provider: 'groq', upstreamModel: 'llama-3.3-70b-versatile', baseUrl: `${fake.url}/openai/v1` }),
    key: 'gsk_testkey0123456789',
    expectAuth: (req, key) => expect(req.headers.authorization).toBe(`Bearer ${key}`),
  },
  (ctx) => {
    describe('usage', () => {
      it('reads stream usage from x_groq when the upstream puts it there', async () => {
        const { fake, deployment } = ctx();
        const http = new HttpClient();
        // a deployment that does not send stream_options gets usage under x_groq
        const adapter = new OpenAICompatibleAdapter({ ...groqProfile, streamOptions: () => false }, http, new ConfigCredentialSource({}, { groq: 'gsk_testkey0123456789' }));
        const chunks = await collect(adapter.chatStream(userRequest('a b', { stream: true, stream_options: { include_usage: true } }), deployment, {}));
        expect(fake.last.body.stream_options).toBeUndefined();
        expect(reassemble(chunks).usage).toMatchObject({ completion_tokens: 3 });
        expect(chunks.some((c) => 'x_groq' in c)).toBe(false);
        await http.close();
      });
    });
  },
);
