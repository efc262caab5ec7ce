import { rotationSuite } from '../testing/rotation-harness';
import { startFakeGcp } from '../testing/fake-gcp';

describe('rotateCredentialWorkflow (GCP service-account keys against a local OAuth token endpoint and IAM API)', () => {
  let fake: Awaited<ReturnType<typeof startFakeGcp>>;

  beforeAll(async () => {
    fake = await startFakeGcp();
  });
  afterAll(async () => fake?.close());

  const h = rotationSuite(() => ({
    provider: 'gcp',
    endpoints: { 'gcp-iam': fake.url, 'gcp-token': fake.tokenUrl },
    async seed() {
      const sa = fake.seed();
      return { value: sa.value, keyRef: { keyName: sa.keyName }, providerConfig: { serviceAccountEmail: sa.email } };
    },
    works: (value) => fake.works(value),
    rejectNewKeys: (on) => void (fake.state.rejectNewKeys = on),
    keysAtProvider: (config) => fake.keysOf(String(config.serviceAccountEmail)),
  }));

  it('stores the decoded key file, authenticates the rotation with the served key, and deletes the old key by name', async () => {
    const { id, initialKey, providerConfig } = await h.seedCredential();
    const { result } = await h.rotate(id);
    expect(await result).toMatchObject({ outcome: 'completed' });
    const served = JSON.parse(await h.servedValue(id)) as Record<string, string>;
    expect(served).toMatchObject({ type: 'service_account', client_email: providerConfig.serviceAccountEmail, private_key: expect.stringContaining('BEGIN PRIVATE KEY') });
    const keyRef = (await h.repo.find(h.org, id))!.keyRefs['2'] as { keyName: string };
    expect(keyRef.keyName).toBe(`projects/ironcage-test/serviceAccounts/${String(providerConfig.serviceAccountEmail)}/keys/${served.private_key_id}`);
    expect(fake.works(initialKey)).toBe(false);
    expect(fake.calls).toEqual(expect.arrayContaining(['POST /token', `GET /v1/projects/-/serviceAccounts/${encodeURIComponent(String(providerConfig.serviceAccountEmail))}`]));
  });

  it('aborts when IAM refuses to create a key (ten keys already), leaving the served key alone', async () => {
    const { id, providerConfig } = await h.seedCredential();
    const email = String(providerConfig.serviceAccountEmail);
    const served = await h.servedValue(id);
    const extra = Array.from({ length: 9 }, () => fake.seed());
    // keys a person made on this account well before the rotation (a rotation's leftovers are only ever newer than its start)
    for (const e of extra) Object.assign(fake.keys.get(JSON.parse(e.value).private_key_id as string)!, { email, validAfterTime: new Date(Date.now() - 3600_000).toISOString() });
    const { result } = await h.rotate(id);
    expect(await result).toMatchObject({ outcome: 'aborted', reason: expect.stringContaining('gcp create service-account key: the provider answered 400') });
    expect(await h.servedValue(id)).toBe(served);
    expect(fake.works(served)).toBe(true);
    expect(fake.keysOf(email)).toBe(10);
  });
});
