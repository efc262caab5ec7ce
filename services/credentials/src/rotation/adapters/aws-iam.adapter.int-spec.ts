import { rotationSuite } from '../testing/rotation-harness';
import { startFakeAws } from '../testing/fake-aws';

describe('rotateCredentialWorkflow (AWS IAM access keys against a local SigV4-checking IAM and STS)', () => {
  let fake: Awaited<ReturnType<typeof startFakeAws>>;

  beforeAll(async () => {
    fake = await startFakeAws();
  });
  afterAll(async () => fake?.close());

  const h = rotationSuite(() => ({
    provider: 'aws',
    endpoints: { 'aws-iam': fake.url, 'aws-sts': fake.url },
    async seed() {
      const u = fake.seed();
      return { value: u.value, keyRef: { accessKeyId: u.key.id }, providerConfig: { userName: u.user, propagationSeconds: 0 } };
    },
    works: (value) => fake.works(value),
    rejectNewKeys: (on) => void (fake.state.rejectNewKeys = on),
    keysAtProvider: (config) => fake.keysOf(String(config.userName)),
  }));

  it('signs every call with SigV4, tests with STS, and deactivates before deleting the old key', async () => {
    const { id } = await h.seedCredential();
    fake.calls.length = 0;
    const { result } = await h.rotate(id);
    expect(await result).toMatchObject({ outcome: 'completed' });
    expect(fake.calls).toEqual(['ListAccessKeys', 'ListAccessKeys', 'CreateAccessKey', 'GetCallerIdentity', 'UpdateAccessKey', 'DeleteAccessKey']);
    const served = JSON.parse(await h.servedValue(id)) as { accessKeyId: string };
    expect((await h.repo.find(h.org, id))!.keyRefs['2']).toEqual({ accessKeyId: served.accessKeyId });
  });

  it('deletes an inactive second key to make room (IAM allows two per user)', async () => {
    const { id, providerConfig } = await h.seedCredential();
    const stale = fake.addKey(String(providerConfig.userName), 'Inactive');
    stale.created = new Date(Date.now() - 86_400_000);
    expect(await (await h.rotate(id)).result).toMatchObject({ outcome: 'completed' });
    expect(fake.keys.has(stale.id)).toBe(false);
    await h.expectConsistent(id);
  });

  it('stops, touching nothing, when the second key is active and not this credential’s', async () => {
    const { id, providerConfig } = await h.seedCredential();
    const other = fake.addKey(String(providerConfig.userName), 'Active');
    other.created = new Date(Date.now() - 86_400_000);
    const served = await h.servedValue(id);
    const { result } = await h.rotate(id);
    expect(await result).toMatchObject({ outcome: 'aborted', reason: expect.stringContaining(`${other.id} is active but not held by this credential`) });
    expect(fake.keys.get(other.id)?.status).toBe('Active');
    expect(await h.servedValue(id)).toBe(served);
    expect(fake.works(served)).toBe(true);
  });

  it('refuses requests whose signature does not match', async () => {
    const { id } = await h.seedCredential();
    const pair = JSON.parse(await h.servedValue(id)) as { accessKeyId: string; secretAccessKey: string };
    fake.keys.get(pair.accessKeyId)!.secret = 'not-the-secret-the-caller-signs-with';
    const { result } = await h.rotate(id);
    expect(await result).toMatchObject({ outcome: 'aborted', reason: expect.stringContaining('403 SignatureDoesNotMatch') });
    fake.keys.get(pair.accessKeyId)!.secret = pair.secretAccessKey;
  });
});
