import { randomBytes, randomUUID } from 'node:crypto';
import { rotationSuite } from '../testing/rotation-harness';
import { startFakeAzure } from '../testing/fake-azure';

describe('rotateCredentialWorkflow (Azure OpenAI key1/key2 swap against local Entra ID, ARM and data-plane APIs)', () => {
  const sp = { tenantId: randomUUID(), clientId: randomUUID(), clientSecret: randomBytes(20).toString('base64url') };
  const subscriptionId = randomUUID();
  let fake: Awaited<ReturnType<typeof startFakeAzure>>;

  beforeAll(async () => {
    fake = await startFakeAzure(sp);
  });
  afterAll(async () => fake?.close());

  const h = rotationSuite(() => ({
    provider: 'azure-openai',
    endpoints: { 'azure-login': fake.url, 'azure-arm': fake.url },
    async seed() {
      const { accountName, keys } = fake.seed(subscriptionId, 'rg-ml');
      return {
        value: keys.key1,
        keyRef: { keyName: 'Key1' },
        providerConfig: { subscriptionId, resourceGroup: 'rg-ml', accountName, endpoint: fake.url },
        rotator: { configKey: 'armCredentialId', value: JSON.stringify(sp) },
      };
    },
    works: (key) => fake.works(key),
    rejectNewKeys: (on) => void (fake.state.rejectNewKeys = on),
  }));

  it('alternates between key1 and key2, and never regenerates the key being served', async () => {
    const { id, providerConfig } = await h.seedCredential();
    const account = () => fake.accounts.get(`${subscriptionId}/rg-ml/${String(providerConfig.accountName)}`.toLowerCase())!;
    expect(await (await h.rotate(id)).result).toMatchObject({ outcome: 'completed' });
    expect(await h.servedValue(id)).toBe(account().key2);
    expect((await h.repo.find(h.org, id))!.keyRefs['2']).toEqual({ keyName: 'Key2' });
    expect(await (await h.rotate(id)).result).toMatchObject({ outcome: 'completed' });
    expect(await h.servedValue(id)).toBe(account().key1);
    await h.expectConsistent(id);
  });

  it('refuses to rotate with a service principal Entra ID does not accept, leaving the served key alone', async () => {
    const { id, providerConfig } = await h.seedCredential();
    const served = await h.servedValue(id);
    await h.store.write({ orgId: h.org, credentialId: String(providerConfig.armCredentialId) }, JSON.stringify({ ...sp, clientSecret: 'wrong' }));
    const rotator = (await h.repo.find(h.org, String(providerConfig.armCredentialId)))!;
    await h.repo.promote(h.org, rotator.id, 1, 2, null);
    const { result } = await h.rotate(id);
    expect(await result).toMatchObject({ outcome: 'aborted', reason: expect.stringContaining('azure login: the provider answered 401') });
    expect(await h.servedValue(id)).toBe(served);
    await h.expectConsistent(id);
  });
});
