import { describeAdapterContract, userRequest } from '../../../../test/fakes/adapter-contract';
import { VertexFake } from '../../../../test/fakes/google.fake';
import { createVertexAdapter } from './vertex.adapter';

describeAdapterContract(
  {
    name: 'vertex',
    fake: () => new VertexFake('ya29.test-access-token'),
    adapter: createVertexAdapter,
    deployment: (fake) => ({ id: 'vertex-gemini', provider: 'vertex', upstreamModel: 'gemini-2.5-pro', baseUrl: fake.url, region: 'europe-west4', extra: { project: 'acme-ai' } }),
    key: 'ya29.test-access-token',
    expectAuth: (req, key) => expect(req.headers.authorization).toBe(`Bearer ${key}`),
    embeddings: true,
  },
  (ctx) => {
    describe('addressing', () => {
      it('calls the project and location URL of the publisher model', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.chat(userRequest('hi'), deployment, {});
        expect(fake.last.path).toBe('/v1/projects/acme-ai/locations/europe-west4/publishers/google/models/gemini-2.5-pro:generateContent');
      });

      it('embeds through :predict with instances and reports token counts', async () => {
        const { adapter, deployment, fake } = ctx();
        const res = await adapter.embeddings!({ model: 'e', input: ['one two', 'three'] }, deployment, {});
        expect(fake.last.path).toMatch(/:predict$/);
        expect(fake.last.body).toEqual({ instances: [{ content: 'one two' }, { content: 'three' }] });
        expect(res.usage.prompt_tokens).toBe(3);
      });
    });
  },
);
