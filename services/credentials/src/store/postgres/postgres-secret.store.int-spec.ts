import { randomBytes, randomUUID } from 'node:crypto';
import { openDataSource } from '@ironcage/kit';
import { dropSchema, sql, testInfra, uniqueSchema } from '@ironcage/testing';
import type { DataSource } from 'typeorm';
import { CredentialsErrorCode } from '../../credentials.exception';
import { LocalKms } from '../../crypto/kms';
import { credentialsPersistence } from '../../persistence';
import { secretStoreContract } from '../testing/secret-store.contract';
import { DataKeyRing } from './data-key.ring';
import { PostgresSecretStore } from './postgres-secret.store';

const kek = (id: string) => ({ id, key: randomBytes(32) });
const open = (schema: string) => openDataSource({ DATABASE_URL: testInfra.databaseUrl, DB_SCHEMA: schema, DB_POOL_MAX: 4 }, credentialsPersistence);

secretStoreContract('built-in Postgres store (envelope encryption)', async () => {
  const schema = uniqueSchema('credentials');
  const db = await open(schema);
  await db.runMigrations();
  return {
    store: new PostgresSecretStore(db, new DataKeyRing(db, new LocalKms(kek('k1')))),
    close: async () => {
      await db.destroy();
      await dropSchema(schema);
    },
  };
});

describe('PostgresSecretStore', () => {
  const schema = uniqueSchema('credentials');
  let db: DataSource;
  const k1 = kek('kek-2026-01');
  const k2 = kek('kek-2026-07');
  const custom = { provider: 'anthropic' };
  const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code);
  const storeWith = (kms: LocalKms) => new PostgresSecretStore(db, new DataKeyRing(db, kms));
  const q = <T>(query: string, params: unknown[] = []) => sql<T>(query.replace(/\bFROM (\w+)/g, `FROM "${schema}".$1`).replace(/\bUPDATE (\w+)/g, `UPDATE "${schema}".$1`), params);

  beforeAll(async () => {
    db = await open(schema);
    await db.runMigrations();
  });
  afterAll(async () => {
    await db?.destroy();
    await dropSchema(schema);
  });

  it('stores only ciphertext: the value appears nowhere in the database', async () => {
    const store = storeWith(new LocalKms(k1));
    const secret = `sk-live-${randomBytes(16).toString('hex')}`;
    const ref = { orgId: 'acme', credentialId: randomUUID() };
    await store.create(ref, secret, { custom });
    const dump = await q<{ t: string }>(
      `SELECT string_agg(encode(ciphertext, 'escape'), '') || (SELECT string_agg(encode(wrapped, 'escape'), '') FROM data_keys) AS t FROM secret_versions`,
    );
    expect(dump[0].t.length).toBeGreaterThan(0);
    expect(dump[0].t).not.toContain(secret);
    expect(dump[0].t).not.toContain(Buffer.from(secret).toString('base64'));
    expect(JSON.stringify(await q('SELECT * FROM secrets'))).not.toContain(secret);
  });

  it('refuses a ciphertext moved to another version, credential or org (AAD binding)', async () => {
    const store = storeWith(new LocalKms(k1));
    const a = { orgId: 'acme', credentialId: randomUUID() };
    const b = { orgId: 'acme', credentialId: randomUUID() };
    await store.create(a, 'sk-a-1', { custom });
    await store.write(a, 'sk-a-2');
    await store.create(b, 'sk-b-1', { custom });
    // an operator with SQL access swaps rows: version 1 of a gets version 2's ciphertext
    await q(`UPDATE secret_versions SET ciphertext = (SELECT ciphertext FROM secret_versions WHERE credential_id = $1 AND version = 2) WHERE credential_id = $1 AND version = 1`, [a.credentialId]);
    expect(await code(store.read(a, 1))).toBe(CredentialsErrorCode.IntegrityFailure);
    await q(`UPDATE secret_versions SET ciphertext = (SELECT ciphertext FROM secret_versions WHERE credential_id = $1 AND version = 2) WHERE credential_id = $2 AND version = 1`, [
      a.credentialId,
      b.credentialId,
    ]);
    expect(await code(store.read(b, 1))).toBe(CredentialsErrorCode.IntegrityFailure);
    expect((await store.read(a, 2)).value).toBe('sk-a-2');
  });

  it("refuses one org's wrapped data key copied to another org", async () => {
    const store = storeWith(new LocalKms(k1));
    const victim = { orgId: 'victim', credentialId: randomUUID() };
    const attacker = { orgId: 'attacker', credentialId: randomUUID() };
    await store.create(victim, 'sk-victim', { custom });
    await store.create(attacker, 'sk-attacker', { custom });
    await q(`UPDATE data_keys SET wrapped = (SELECT wrapped FROM data_keys WHERE org_id = 'victim') WHERE org_id = 'attacker'`);
    expect(await code(storeWith(new LocalKms(k1)).read(attacker))).toBe(CredentialsErrorCode.IntegrityFailure);
    // a re-wrap skips the broken key and counts it instead of stopping
    expect(await new DataKeyRing(db, new LocalKms(k2, [k1])).rewrap()).toMatchObject({ failed: 1, remaining: 1 });
    await q(`UPDATE data_keys SET kek_id = $1 WHERE org_id = 'attacker'`, [k2.id]);
  });

  it('gives each org one data key, even when its first writes race', async () => {
    const store = storeWith(new LocalKms(k1));
    const orgId = `race-${randomUUID().slice(0, 6)}`;
    await Promise.all(Array.from({ length: 8 }, () => store.create({ orgId, credentialId: randomUUID() }, 'v', { custom })));
    expect(await q(`SELECT id FROM data_keys WHERE org_id = $1`, [orgId])).toHaveLength(1);
  });

  it('rotates the KEK without downtime: old+new keys read everything, re-wrap touches data keys only, then the old KEK can go', async () => {
    const orgs = ['kr-a', 'kr-b', 'kr-c'];
    const before = storeWith(new LocalKms(k1));
    const refs = [];
    for (const orgId of orgs) {
      const ref = { orgId, credentialId: randomUUID() };
      await before.create(ref, `secret-of-${orgId}`, { custom });
      refs.push(ref);
    }
    const ciphertextsBefore = await q<{ c: Buffer }>(`SELECT ciphertext AS c FROM secret_versions WHERE org_id = ANY($1) ORDER BY org_id`, [orgs]);

    // step 1: every replica learns the new KEK (decrypt only) — nothing changes yet
    // step 2: the new KEK becomes active, the old one decrypt-only: both generations readable
    const during = storeWith(new LocalKms(k2, [k1]));
    for (const ref of refs) expect((await during.read(ref)).value).toBe(`secret-of-${ref.orgId}`);
    await during.create({ orgId: 'kr-new', credentialId: randomUUID() }, 'made-during-rotation', { custom });

    const ring = new DataKeyRing(db, new LocalKms(k2, [k1]));
    expect(await ring.rewrap(2)).toMatchObject({ failed: 0, remaining: 0 });
    expect(await ring.countByKek()).toEqual([{ kekId: k2.id, dataKeys: expect.any(Number) }]);
    // secrets were not re-encrypted
    expect(await q<{ c: Buffer }>(`SELECT ciphertext AS c FROM secret_versions WHERE org_id = ANY($1) ORDER BY org_id`, [orgs])).toEqual(ciphertextsBefore);

    // step 3: the old KEK is removed from configuration
    const after = storeWith(new LocalKms(k2));
    for (const ref of refs) expect((await after.read(ref)).value).toBe(`secret-of-${ref.orgId}`);
    // and a store that only knows the old KEK cannot read anything any more
    expect(await code(storeWith(new LocalKms(k1)).read(refs[0]))).toBe(CredentialsErrorCode.KeyUnknown);
  });
});
