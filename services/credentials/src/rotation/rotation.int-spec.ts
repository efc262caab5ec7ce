import { randomBytes, randomUUID } from 'node:crypto';
import { openDataSource } from '@ironcage/kit';
import { dropSchema, testInfra, uniqueSchema, uniqueSuffix } from '@ironcage/testing';
import { ApplicationFailure } from '@temporalio/common';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { CredentialRepository } from '../credentials/credential.repository';
import { LocalKms } from '../crypto/kms';
import { credentialsPersistence } from '../persistence';
import { DataKeyRing } from '../store/postgres/data-key.ring';
import { PostgresSecretStore } from '../store/postgres/postgres-secret.store';
import { rotateCredentialWorkflow } from '../workflows';
import type { RotateCredentialResult } from '../workflows/rotation.contract';
import { createAdapters } from './adapters';
import { createRotationActivities } from './rotation.activities';
import { startFakeOpenAI } from './testing/fake-openai';

const CHECKPOINTS = [
  'create-pending:provider-key-created',
  'create-pending:stored',
  'test-pending:tested',
  'promote:promoted',
  'revoke-previous:provider-revoked',
] as const;

describe('rotateCredentialWorkflow (OpenAI service-account keys against a local Admin API)', () => {
  const schema = uniqueSchema('credentials');
  const taskQueue = `credentials-test-${uniqueSuffix()}`;
  const org = 'rot-org';
  const adminKey = `sk-admin-${randomBytes(16).toString('hex')}`;
  let db: DataSource;
  let repo: CredentialRepository;
  let store: PostgresSecretStore;
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let worker: Worker;
  let running: Promise<void>;
  let workerConnection: NativeConnection;
  let clientConnection: Connection;
  let client: Client;
  const events: { type: string; data: Record<string, unknown> }[] = [];
  /** The crash to inject: at which checkpoint, how (a lost attempt, or a failure nobody retries), how often. */
  let crash: { at: string; kind: 'retryable' | 'non-retryable'; left: number } | undefined;

  async function seedCredential(): Promise<{ id: string; initialKey: string; adminId: string }> {
    const adminId = randomUUID();
    const id = randomUUID();
    const sa = fake.seed(`hand-made-${id}`);
    for (const [cid, name, value, config, keyRef] of [
      [adminId, `openai-admin-${id.slice(0, 6)}`, adminKey, {}, undefined],
      [id, `openai-prod-${id.slice(0, 6)}`, sa.key, { projectId: 'proj_1', adminCredentialId: adminId }, { serviceAccountId: sa.id }],
    ] as const) {
      await repo.insert({
        orgId: org,
        id: cid,
        name,
        provider: 'openai',
        ownerTeam: 'ml',
        currentVersion: null,
        providerConfig: config,
        keyRefs: {},
        rotationMode: 'automatic',
        rotationIntervalDays: 90,
        gracePeriodSeconds: 1,
        lastRotatedAt: null,
        nextRotationAt: null,
      });
      await store.create({ orgId: org, credentialId: cid }, value, { custom: { provider: 'openai' } });
      await repo.promote(org, cid, null, 1, null, keyRef);
    }
    return { id, initialKey: sa.key, adminId };
  }

  async function rotate(credentialId: string, rotationId = randomUUID()): Promise<{ rotationId: string; result: Promise<RotateCredentialResult> }> {
    const c = (await repo.find(org, credentialId))!;
    await repo.insertRotation({ orgId: org, id: rotationId, credentialId, mode: 'automatic', stage: 'started', fromVersion: c.currentVersion, pendingVersion: null });
    return { rotationId, result: run(rotationId) };
  }

  const run = (rotationId: string) =>
    client.workflow.execute(rotateCredentialWorkflow, {
      taskQueue,
      workflowId: `rotation-${rotationId}-${uniqueSuffix()}`,
      args: [{ orgId: org, rotationId, activityTimeoutSeconds: 10 }],
    });

  /** What "the gateway" sees: the current version's value, and whether the provider accepts it. */
  async function servedKeyWorks(credentialId: string): Promise<boolean> {
    const c = (await repo.find(org, credentialId))!;
    const value = (await store.read({ orgId: org, credentialId }, c.currentVersion!)).value;
    return fake.works(value);
  }

  /** Polls the served key all along, counting every moment it would not have worked. */
  function watch(credentialId: string) {
    let failures = 0;
    let checks = 0;
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        checks += 1;
        if (!(await servedKeyWorks(credentialId).catch(() => false))) failures += 1;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    return async () => {
      stop = true;
      await loop;
      return { failures, checks };
    };
  }

  async function expectConsistent(credentialId: string): Promise<void> {
    const c = (await repo.find(org, credentialId))!;
    expect(await repo.openRotation(org, credentialId)).toBeUndefined();
    expect(c.previousVersion).toBeNull();
    expect(await servedKeyWorks(credentialId)).toBe(true);
    // exactly one live key at the provider for this credential (no orphan, previous revoked)
    const served = (await store.read({ orgId: org, credentialId }, c.currentVersion!)).value;
    const mine = [...fake.accounts.values()].filter((a) => a.name.includes(c.name) || a.name === `hand-made-${credentialId}`);
    expect(mine.filter((a) => a.key === served)).toHaveLength(1);
    expect(mine.filter((a) => a.key !== served).map((a) => a.name)).toEqual([]);
    const meta = await store.metadata({ orgId: org, credentialId });
    const readable = meta.versions.filter((v) => !v.deletedAt && !v.destroyed).map((v) => v.version);
    expect(readable).toEqual([c.currentVersion]);
  }

  beforeAll(async () => {
    fake = await startFakeOpenAI(adminKey);
    db = await openDataSource({ DATABASE_URL: testInfra.databaseUrl, DB_SCHEMA: schema, DB_POOL_MAX: 4 }, credentialsPersistence);
    await db.runMigrations();
    repo = new CredentialRepository(db);
    store = new PostgresSecretStore(db, new DataKeyRing(db, new LocalKms({ id: 'k', key: randomBytes(32) })));
    const activities = createRotationActivities({
      credentials: repo,
      store,
      audit: {
        rotated: async (_o, data) => void events.push({ type: 'rotated', data }),
        revoked: async (_o, data) => void events.push({ type: 'revoked', data }),
        rotationDue: async (_o, data) => void events.push({ type: 'due', data }),
      },
      adapters: createAdapters(),
      endpoints: { openai: fake.url },
      reminderRepeatDays: 7,
      startRotation: async () => 'unused',
      checkpoint: async (name) => {
        if (!crash || crash.at !== name || crash.left <= 0) return;
        crash.left -= 1;
        if (crash.kind === 'non-retryable') throw ApplicationFailure.nonRetryable(`injected crash at ${name}`, 'injected_crash');
        throw new Error(`injected crash at ${name}: the attempt is lost, as when a worker dies`);
      },
    });
    workerConnection = await NativeConnection.connect({ address: testInfra.temporalAddress });
    worker = await Worker.create({ connection: workerConnection, taskQueue, workflowsPath: require.resolve('../workflows'), activities });
    running = worker.run();
    clientConnection = await Connection.connect({ address: testInfra.temporalAddress });
    client = new Client({ connection: clientConnection });
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await workerConnection?.close();
    await clientConnection?.close();
    await db?.destroy();
    await dropSchema(schema);
    await fake?.close();
  });

  afterEach(() => (crash = undefined));

  it('creates, tests, promotes and revokes, publishing credential.rotated and credential.revoked', async () => {
    const { id, initialKey } = await seedCredential();
    const stopWatching = watch(id);
    const { rotationId, result } = await rotate(id);
    expect(await result).toEqual({ outcome: 'completed', currentVersion: 2 });
    expect(await stopWatching()).toMatchObject({ failures: 0 });
    expect(fake.works(initialKey)).toBe(false);
    await expectConsistent(id);
    expect(events).toEqual(
      expect.arrayContaining([
        { type: 'rotated', data: expect.objectContaining({ credentialId: id, previousVersion: 1, currentVersion: 2, rotationId, mode: 'automatic' }) },
        { type: 'revoked', data: expect.objectContaining({ credentialId: id, versions: [1], reason: 'rotated', providerRevoked: true }) },
      ]),
    );
    // the second rotation goes on from there
    const again = await rotate(id);
    expect(await again.result).toEqual({ outcome: 'completed', currentVersion: 3 });
    await expectConsistent(id);
  });

  it('aborts when the new key does not work, revokes it, and keeps serving the current one', async () => {
    const { id } = await seedCredential();
    const stopWatching = watch(id);
    fake.state.rejectNewKeys = true;
    const { rotationId, result } = await rotate(id);
    const outcome = await result.finally(() => (fake.state.rejectNewKeys = false));
    expect(outcome).toMatchObject({ outcome: 'aborted', reason: expect.stringContaining('did not work') });
    expect(await stopWatching()).toMatchObject({ failures: 0 });
    expect((await repo.findRotation(org, rotationId))!).toMatchObject({ stage: 'aborted', outcome: 'aborted' });
    expect((await repo.find(org, id))!.currentVersion).toBe(1);
    await expectConsistent(id);
  });

  describe.each(CHECKPOINTS)('a crash at %s', (at) => {
    it('loses the attempt (worker died): Temporal retries it, and the rotation completes once, consistently', async () => {
      const { id } = await seedCredential();
      const stopWatching = watch(id);
      crash = { at, kind: 'retryable', left: 1 };
      const { result } = await rotate(id);
      // after a crash between storing and recording the key, the retry makes (and stores) a fresh one
      expect(await result).toEqual({ outcome: 'completed', currentVersion: at === 'create-pending:stored' ? 3 : 2 });
      expect(crash.left).toBe(0);
      expect(await stopWatching()).toMatchObject({ failures: 0 });
      await expectConsistent(id);
    });

    it('fails the run outright: the rotation is aborted or resumable, and ends consistent after a restart', async () => {
      const { id } = await seedCredential();
      const stopWatching = watch(id);
      crash = { at, kind: 'non-retryable', left: 1 };
      const { rotationId, result } = await rotate(id);
      const first = await result.catch((e: Error) => e);
      expect(crash.left).toBe(0);
      const rotation = (await repo.findRotation(org, rotationId))!;
      if (first instanceof Error) {
        // promote / revoke: the run failed half way; starting it again for the same rotation finishes it
        expect(rotation.finishedAt).toBeNull();
        expect(await run(rotationId)).toEqual({ outcome: 'completed', currentVersion: 2 });
      } else {
        // create / test: the rotation was aborted and cleaned up; the current key still serves; a new rotation works
        expect(first.outcome).toBe('aborted');
        expect(rotation.outcome).toBe('aborted');
        expect((await repo.find(org, id))!.currentVersion).toBe(1);
        await expectConsistent(id);
        const next = await rotate(id);
        expect((await next.result).outcome).toBe('completed');
      }
      expect(await stopWatching()).toMatchObject({ failures: 0 });
      await expectConsistent(id);
    });
  });
});
