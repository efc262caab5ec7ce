import { randomBytes, randomUUID } from 'node:crypto';
import { openDataSource } from '@ironcage/kit';
import { dropSchema, testInfra, uniqueSchema, uniqueSuffix } from '@ironcage/testing';
import { ApplicationFailure } from '@temporalio/common';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { CredentialRepository } from '../../credentials/credential.repository';
import { LocalKms } from '../../crypto/kms';
import { credentialsPersistence } from '../../persistence';
import { DataKeyRing } from '../../store/postgres/data-key.ring';
import { PostgresSecretStore } from '../../store/postgres/postgres-secret.store';
import type { SecretStore } from '../../store/secret-store';
import { rotateCredentialWorkflow } from '../../workflows';
import type { RotateCredentialResult } from '../../workflows/rotation.contract';
import { createAdapters } from '../adapters';
import { createRotationActivities } from '../rotation.activities';

export const CHECKPOINTS = [
  'create-pending:provider-key-created',
  'create-pending:stored',
  'test-pending:tested',
  'promote:promoted',
  'revoke-previous:provider-revoked',
] as const;

/** One provider's local API as the rotation tests drive it. */
export interface ProviderFixture {
  provider: string;
  endpoints: Record<string, string>;
  /** A key made by a person, outside any rotation, and what a rotation needs to rotate it. */
  seed(): Promise<{ value: string; keyRef?: Record<string, unknown>; providerConfig: Record<string, unknown>; rotator?: { configKey: string; value: string } }>;
  /** Whether the provider accepts this key now. */
  works(value: string): boolean;
  /** While on, the provider refuses every key a rotation made (a key that does not work yet). */
  rejectNewKeys(on: boolean): void;
  /** Keys the provider holds for the identity this credential belongs to (undefined: the provider always holds a fixed number). */
  keysAtProvider?(providerConfig: Record<string, unknown>): number;
}

/**
 * Postgres, a Temporal worker running the real rotation activities against one provider's local
 * API, and the checks every adapter's crash-injection suite makes. Call inside a `describe`.
 */
export function rotationHarness(fixture: () => ProviderFixture) {
  const schema = uniqueSchema('credentials');
  const taskQueue = `credentials-test-${uniqueSuffix()}`;
  const org = 'rot-org';
  let db: DataSource;
  let worker: Worker;
  let running: Promise<void>;
  let workerConnection: NativeConnection;
  let clientConnection: Connection;
  let client: Client;
  const h = {
    org,
    repo: undefined as unknown as CredentialRepository,
    store: undefined as unknown as PostgresSecretStore,
    events: [] as { type: string; data: Record<string, unknown> }[],
    /** Every value this platform ever held per credential (seeded or written by a rotation). */
    held: new Map<string, string[]>(),
    /** The crash to inject: at which checkpoint, how (a lost attempt, or a failure nobody retries), how often. */
    crash: undefined as { at: string; kind: 'retryable' | 'non-retryable'; left: number } | undefined,

    async seedCredential(): Promise<{ id: string; initialKey: string; providerConfig: Record<string, unknown> }> {
      const f = fixture();
      const id = randomUUID();
      const seeded = await f.seed();
      const providerConfig = { ...seeded.providerConfig };
      const rows: [string, string, Record<string, unknown>, Record<string, unknown> | undefined][] = [];
      if (seeded.rotator) {
        const rotatorId = randomUUID();
        providerConfig[seeded.rotator.configKey] = rotatorId;
        rows.push([rotatorId, seeded.rotator.value, {}, undefined]);
      }
      rows.push([id, seeded.value, providerConfig, seeded.keyRef]);
      for (const [cid, value, config, keyRef] of rows) {
        await h.repo.insert({
          orgId: org,
          id: cid,
          name: `${f.provider}-${cid.slice(0, 8)}`,
          provider: f.provider,
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
        await h.store.create({ orgId: org, credentialId: cid }, value, { custom: { provider: f.provider } });
        await h.repo.promote(org, cid, null, 1, null, keyRef);
      }
      h.held.set(id, [seeded.value]);
      return { id, initialKey: seeded.value, providerConfig };
    },

    async rotate(credentialId: string, rotationId = randomUUID()): Promise<{ rotationId: string; result: Promise<RotateCredentialResult> }> {
      const c = (await h.repo.find(org, credentialId))!;
      await h.repo.insertRotation({ orgId: org, id: rotationId, credentialId, mode: 'automatic', stage: 'started', fromVersion: c.currentVersion, pendingVersion: null });
      return { rotationId, result: h.run(rotationId) };
    },

    run: (rotationId: string) =>
      client.workflow.execute(rotateCredentialWorkflow, {
        taskQueue,
        workflowId: `rotation-${rotationId}-${uniqueSuffix()}`,
        args: [{ orgId: org, rotationId, activityTimeoutSeconds: 10 }],
      }),

    async servedValue(credentialId: string): Promise<string> {
      const c = (await h.repo.find(org, credentialId))!;
      return (await h.store.read({ orgId: org, credentialId }, c.currentVersion!)).value;
    },

    /** Polls the served key all along, counting every moment the provider would have refused it. */
    watch(credentialId: string) {
      let failures = 0;
      let checks = 0;
      let stop = false;
      const loop = (async () => {
        while (!stop) {
          checks += 1;
          if (!(await h.servedValue(credentialId).then((v) => fixture().works(v)).catch(() => false))) failures += 1;
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      return async () => {
        stop = true;
        await loop;
        return { failures, checks };
      };
    },

    /** No open rotation, one readable version, its key works, and no other key this platform ever held still does. */
    async expectConsistent(credentialId: string): Promise<void> {
      const f = fixture();
      const c = (await h.repo.find(org, credentialId))!;
      expect(await h.repo.openRotation(org, credentialId)).toBeUndefined();
      expect(c.previousVersion).toBeNull();
      const served = await h.servedValue(credentialId);
      expect(f.works(served)).toBe(true);
      const stillWorking = (h.held.get(credentialId) ?? []).filter((v) => v !== served && f.works(v));
      expect(stillWorking).toHaveLength(0);
      if (f.keysAtProvider) expect(f.keysAtProvider(c.providerConfig)).toBe(1);
      const meta = await h.store.metadata({ orgId: org, credentialId });
      expect(meta.versions.filter((v) => !v.deletedAt && !v.destroyed).map((v) => v.version)).toEqual([c.currentVersion]);
    },
  };

  beforeAll(async () => {
    db = await openDataSource({ DATABASE_URL: testInfra.databaseUrl, DB_SCHEMA: schema, DB_POOL_MAX: 4 }, credentialsPersistence);
    await db.runMigrations();
    h.repo = new CredentialRepository(db);
    h.store = new PostgresSecretStore(db, new DataKeyRing(db, new LocalKms({ id: 'k', key: randomBytes(32) })));
    // Remember every value a rotation stores, so the checks can prove each retired one is dead at the provider.
    const recording = new Proxy(h.store, {
      get(target, prop, receiver) {
        if (prop === 'write') {
          return async (ref: { orgId: string; credentialId: string }, value: string, ...rest: unknown[]) => {
            h.held.set(ref.credentialId, [...(h.held.get(ref.credentialId) ?? []), value]);
            return (target.write as (...a: unknown[]) => unknown).call(target, ref, value, ...rest);
          };
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as SecretStore;
    const activities = createRotationActivities({
      credentials: h.repo,
      store: recording,
      audit: {
        rotated: async (_o, data) => void h.events.push({ type: 'rotated', data }),
        revoked: async (_o, data) => void h.events.push({ type: 'revoked', data }),
        rotationDue: async (_o, data) => void h.events.push({ type: 'due', data }),
      },
      adapters: createAdapters(),
      endpoints: fixture().endpoints,
      reminderRepeatDays: 7,
      startRotation: async () => 'unused',
      checkpoint: async (name) => {
        const crash = h.crash;
        if (!crash || crash.at !== name || crash.left <= 0) return;
        crash.left -= 1;
        if (crash.kind === 'non-retryable') throw ApplicationFailure.nonRetryable(`injected crash at ${name}`, 'injected_crash');
        throw new Error(`injected crash at ${name}: the attempt is lost, as when a worker dies`);
      },
    });
    workerConnection = await NativeConnection.connect({ address: testInfra.temporalAddress });
    worker = await Worker.create({ connection: workerConnection, taskQueue, workflowsPath: require.resolve('../../workflows'), activities });
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
  });

  afterEach(() => (h.crash = undefined));

  return h;
}

/**
 * The suite every automatic adapter passes: a full rotation (twice), an abort when the new key does
 * not work, and a crash at every stage — once as a lost attempt, once as a failed run restarted —
 * each ending consistent with the served key working at every moment.
 */
export function rotationSuite(fixture: () => ProviderFixture) {
  const h = rotationHarness(fixture);

  it('creates, tests, promotes and revokes, publishing credential.rotated and credential.revoked', async () => {
    const { id, initialKey } = await h.seedCredential();
    const stopWatching = h.watch(id);
    const { rotationId, result } = await h.rotate(id);
    expect(await result).toEqual({ outcome: 'completed', currentVersion: 2 });
    expect(await stopWatching()).toMatchObject({ failures: 0 });
    expect(fixture().works(initialKey)).toBe(false);
    await h.expectConsistent(id);
    expect(h.events).toEqual(
      expect.arrayContaining([
        { type: 'rotated', data: expect.objectContaining({ credentialId: id, previousVersion: 1, currentVersion: 2, rotationId, mode: 'automatic' }) },
        { type: 'revoked', data: expect.objectContaining({ credentialId: id, versions: [1], reason: 'rotated', providerRevoked: true }) },
      ]),
    );
    const again = await h.rotate(id);
    expect(await again.result).toEqual({ outcome: 'completed', currentVersion: 3 });
    await h.expectConsistent(id);
  });

  it('aborts when the new key does not work, revokes it, and keeps serving the current one', async () => {
    const { id } = await h.seedCredential();
    const stopWatching = h.watch(id);
    fixture().rejectNewKeys(true);
    const { rotationId, result } = await h.rotate(id);
    const outcome = await result.finally(() => fixture().rejectNewKeys(false));
    expect(outcome).toMatchObject({ outcome: 'aborted', reason: expect.stringContaining('did not work') });
    expect(await stopWatching()).toMatchObject({ failures: 0 });
    expect((await h.repo.findRotation(h.org, rotationId))!).toMatchObject({ stage: 'aborted', outcome: 'aborted' });
    expect((await h.repo.find(h.org, id))!.currentVersion).toBe(1);
    await h.expectConsistent(id);
  });

  describe.each(CHECKPOINTS)('a crash at %s', (at) => {
    it('loses the attempt (worker died): Temporal retries it, and the rotation completes once, consistently', async () => {
      const { id } = await h.seedCredential();
      const stopWatching = h.watch(id);
      h.crash = { at, kind: 'retryable', left: 1 };
      const { result } = await h.rotate(id);
      // after a crash between storing and recording the key, the retry makes (and stores) a fresh one
      expect(await result).toEqual({ outcome: 'completed', currentVersion: at === 'create-pending:stored' ? 3 : 2 });
      expect(h.crash.left).toBe(0);
      expect(await stopWatching()).toMatchObject({ failures: 0 });
      await h.expectConsistent(id);
    });

    it('fails the run outright: the rotation is aborted or resumable, and ends consistent after a restart', async () => {
      const { id } = await h.seedCredential();
      const stopWatching = h.watch(id);
      h.crash = { at, kind: 'non-retryable', left: 1 };
      const { rotationId, result } = await h.rotate(id);
      const first = await result.catch((e: Error) => e);
      expect(h.crash.left).toBe(0);
      const rotation = (await h.repo.findRotation(h.org, rotationId))!;
      if (first instanceof Error) {
        expect(rotation.finishedAt).toBeNull();
        expect(await h.run(rotationId)).toEqual({ outcome: 'completed', currentVersion: 2 });
      } else {
        expect(first.outcome).toBe('aborted');
        expect(rotation.outcome).toBe('aborted');
        expect((await h.repo.find(h.org, id))!.currentVersion).toBe(1);
        await h.expectConsistent(id);
        const next = await h.rotate(id);
        expect((await next.result).outcome).toBe('completed');
      }
      expect(await stopWatching()).toMatchObject({ failures: 0 });
      await h.expectConsistent(id);
    });
  });

  return h;
}
