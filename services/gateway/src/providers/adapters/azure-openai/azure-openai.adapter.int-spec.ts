import { describeAdapterContract, expectProviderError, userRequest } from '../../../../test/fakes/adapter-contract';
import { OpenAIFake } from '../../../../test/fakes/openai.fake';
import { createAzureOpenAIAdapter } from './azure-openai.adapter';

describeAdapterContract(
  {
    name: 'azure-openai',
    fake: () => new OpenAIFake({ dialect: 'azure', apiKey: 'azure-test-key-0123456789' }),
    adapter: createAzureOpenAIAdapter,
    deployment: (fake) => ({ id: 'azure-gpt4o', provider: 'azure-openai', upstreamModel: 'gpt4o-prod', baseUrl: fake.url, apiVersion: '2024-10-21' }),
    key: 'azure-test-key-0123456789',
    expectAuth: (req, key) => {
      expect(req.headers['api-key']).toBe(key);
      expect(req.headers.authorization).toBeUndefined();
    },
    embeddings: true,
  },
  (ctx) => {
    describe('addressing', () => {
      it('calls the deployment URL with the api-version', async () => {
        const { adapter, deployment, fake } = ctx();
        await adapter.chat(userRequest('hi'), deployment, {});
        expect(fake.last.path).toBe('/openai/deployments/gpt4o-prod/chat/completions');
        expect(fake.last.query.get('api-version')).toBe('2024-10-21');
        expect(fake.last.body.model).toBeUndefined();
      });

      it('maps a content-filter refusal to content_filter, not retryable', async () => {
        const { adapter, deployment, fake } = ctx();
        fake.next({ kind: 'error', status: 400, flavour: 'content_filter' });
        const err = await expectProviderError(adapter.chat(userRequest('x'), deployment, {}));
        expect(err).toMatchObject({ code: 'content_filter', retryable: false });
      });
    });
  },
);
