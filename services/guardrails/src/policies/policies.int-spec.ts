import { BusConnection, EventPublisher } from '@ironcage/bus';
import { openDataSource } from '@ironcage/kit';
import { dropSchema, testInfra, uniqueNamespace, uniqueSchema, waitFor } from '@ironcage/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { DataSource } from 'typeorm';
import { guardrailsPersistence } from '../persistence';
import { ManagePoliciesUseCase } from './manage-policies/manage-policies.usecase';
import { PolicyCache } from './policy-cache';
import { PolicyChangeListener } from './policy-change.listener';
import { PolicyRepository } from './policy.repository';

const config = { GUARDRAILS_POLICY_CACHE_TTL_SECONDS: 3600 } as never;

describe('policies against Postgres and NATS (two replicas in one process)', () => {
  const schema = uniqueSchema('guardrails');
  const namespace = uniqueNamespace('gpol');
  let db: DataSource;
  let repo: PolicyRepository;
  const buses: BusConnection[] = [];
  const listeners: PolicyChangeListener[] = [];
  let replicas: { cache: PolicyCache; manage: ManagePoliciesUseCase }[];

  beforeAll(async () => {
    db = await openDataSource({ DATABASE_URL: testInfra.databaseUrl, DB_SCHEMA: schema, DB_POOL_MAX: 4 }, guardrailsPersistence);
    await db.runMigrations();
    repo = new PolicyRepository(db);
    replicas = [];
    for (let i = 0; i < 2; i++) {
      const bus = await BusConnection.connect({ servers: testInfra.natsUrl, service: 'guardrails', namespace });
      await bus.provisionStreams();
      buses.push(bus);
      const cache = new PolicyCache(repo, config);
      const listener = new PolicyChangeListener(bus, cache);
      listener.onApplicationBootstrap();
      listeners.push(listener);
      replicas.push({ cache, manage: new ManagePoliciesUseCase(repo, cache, new EventPublisher(bus)) });
    }
  });

  afterAll(async () => {
    for (const l of listeners) await l.onApplicationShutdown();
    const jsm = await jetstreamManager(buses[0].nc);
    for await (const name of jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) await jsm.streams.delete(name);
    for (const b of buses) await b.close();
    await db?.destroy();
    await dropSchema(schema);
  });

  it('numbers versions per org and scope, also when uploads race', async () => {
    const uploads = await Promise.all(Array.from({ length: 6 }, () => replicas[0].manage.upload({ orgId: 'race', yaml: 'version: 1\n' })));
    expect(uploads.map((u) => u.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await replicas[0].manage.upload({ orgId: 'race', scope: 'team:t1', yaml: 'version: 1\n' })).version).toBe(1);
    expect((await replicas[0].manage.upload({ orgId: 'other', yaml: 'version: 1\n' })).version).toBe(1);
  });

  it('activates a version on every replica within a second, and rolls back', async () => {
    const [a, b] = replicas;
    expect((await b.cache.resolve('hot')).source.scope).toBe('default');
    await a.manage.upload({ orgId: 'hot', yaml: 'version: 1\nfailMode: open\n', activate: true });
    const started = Date.now();
    await waitFor(async () => (await b.cache.resolve('hot')).source.version === 1, 'replica b to load version 1', 2000, 10);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await b.cache.resolve('hot')).document.failMode).toBe('open');

    await a.manage.upload({ orgId: 'hot', yaml: 'version: 1\nfailMode: closed\n', activate: true });
    await waitFor(async () => (await b.cache.resolve('hot')).source.version === 2, 'version 2', 2000, 10);
    await b.manage.activate({ orgId: 'hot', version: 1, actor: 'ops' });
    await waitFor(async () => (await a.cache.resolve('hot')).source.version === 1, 'rollback on a', 2000, 10);
    expect((await a.manage.active({ orgId: 'hot' })).policies).toEqual([expect.objectContaining({ scope: 'org', version: 1, activatedBy: 'ops' })]);
  });

  it('keeps every org to itself', async () => {
    await replicas[0].manage.upload({ orgId: 'iso-a', yaml: 'version: 1\ndescription: secret plans of a\n', activate: true });
    expect((await replicas[1].cache.resolve('iso-b')).source.scope).toBe('default');
    await expect(replicas[1].manage.get({ orgId: 'iso-b' }, 1)).rejects.toMatchObject({ code: 'policy_version_not_found' });
    expect((await replicas[1].manage.versions({ orgId: 'iso-b' })).versions).toEqual([]);
    await expect(replicas[1].manage.activate({ orgId: 'iso-b', version: 1 })).rejects.toMatchObject({ code: 'policy_version_not_found' });
  });

  it('refuses an invalid document without storing anything', async () => {
    await expect(replicas[0].manage.upload({ orgId: 'bad', yaml: 'version: 1\ntools: { default: maybe }\n' })).rejects.toMatchObject({
      code: 'policy_invalid',
      details: [expect.objectContaining({ path: 'tools.default', message: expect.stringMatching(/^line 2/) })],
    });
    expect((await replicas[0].manage.versions({ orgId: 'bad' })).versions).toEqual([]);
  });
});
