import { randomUUID } from 'node:crypto';
import { CredentialsErrorCode } from '../../credentials.exception';
import type { CredentialMetadata, SecretRef, SecretStore } from '../secret-store';

export interface ContractFixture {
  store: SecretStore;
  /** Called once after the suite. */
  close(): Promise<void>;
}

const custom: CredentialMetadata = {
  provider: 'openai',
  ownerTeam: 'platform',
  expiresAt: '2027-01-01T00:00:00.000Z',
  rotationPolicy: { mode: 'automatic', intervalDays: 30, gracePeriodSeconds: 600 },
};

/**
 * The semantics every SecretStore promises (see secret-store.ts), run against each backend with
 * one call: `secretStoreContract('postgres', () => …)`. A backend passes only if it passes all.
 */
export function secretStoreContract(name: string, setup: () => Promise<ContractFixture>): void {
  describe(`SecretStore contract: ${name}`, () => {
    let fx: ContractFixture;
    let store: SecretStore;
    const org = `org-${randomUUID().slice(0, 8)}`;
    const ref = (orgId = org): SecretRef => ({ orgId, credentialId: randomUUID() });
    const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code ?? String(e));

    beforeAll(async () => {
      fx = await setup();
      store = fx.store;
    });
    afterAll(() => fx?.close());

    describe('create and read', () => {
      it('stores the first version with its metadata and reads it back', async () => {
        const r = ref();
        const v = await store.create(r, 'sk-first', { custom });
        expect(v).toMatchObject({ version: 1, destroyed: false });
        expect(await store.read(r)).toMatchObject({ value: 'sk-first', version: 1 });
        const m = await store.metadata(r);
        expect(m).toMatchObject({ latestVersion: 1, oldestVersion: 1, maxVersions: 10, custom });
        expect(m.versions).toEqual([expect.objectContaining({ version: 1, destroyed: false })]);
        expect(m.versions[0].deletedAt).toBeUndefined();
      });

      it('refuses to create a secret that exists', async () => {
        const r = ref();
        await store.create(r, 'a', { custom });
        expect(await code(store.create(r, 'b', { custom }))).toBe(CredentialsErrorCode.CredentialExists);
        expect((await store.read(r)).value).toBe('a');
      });

      it('keeps values byte for byte: unicode, JSON documents, 16 KiB', async () => {
        const r = ref();
        const big = JSON.stringify({ type: 'service_account', private_key: 'x'.repeat(16 * 1024), note: 'ключ 🔑 clé' });
        await store.create(r, 'ключ 🔑 clé', { custom });
        await store.write(r, big);
        expect((await store.read(r, 1)).value).toBe('ключ 🔑 clé');
        expect((await store.read(r)).value).toBe(big);
      });
    });

    describe('versions and check-and-set', () => {
      it('adds a version per write and reads any kept version', async () => {
        const r = ref();
        await store.create(r, 'v1', { custom });
        expect((await store.write(r, 'v2')).version).toBe(2);
        expect((await store.write(r, 'v3', { cas: 2 })).version).toBe(3);
        expect((await store.read(r)).value).toBe('v3');
        expect((await store.read(r, 2)).value).toBe('v2');
        expect((await store.metadata(r)).latestVersion).toBe(3);
      });

      it('rejects a write whose cas is not the latest version and changes nothing', async () => {
        const r = ref();
        await store.create(r, 'v1', { custom });
        await store.write(r, 'v2');
        expect(await code(store.write(r, 'stale', { cas: 1 }))).toBe(CredentialsErrorCode.CasMismatch);
        expect(await code(store.write(r, 'stale', { cas: 0 }))).toBe(CredentialsErrorCode.CasMismatch);
        expect(await store.read(r)).toMatchObject({ value: 'v2', version: 2 });
      });

      it('lets exactly one of two writers with the same cas win', async () => {
        const r = ref();
        await store.create(r, 'v1', { custom });
        const results = await Promise.allSettled([store.write(r, 'a', { cas: 1 }), store.write(r, 'b', { cas: 1 })]);
        expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
        expect((await store.metadata(r)).latestVersion).toBe(2);
      });

      it('keeps only the newest maxVersions versions', async () => {
        const r = ref();
        await store.create(r, 'v1', { custom, maxVersions: 3 });
        for (const v of ['v2', 'v3', 'v4', 'v5']) await store.write(r, v);
        const m = await store.metadata(r);
        expect(m.versions.map((v) => v.version)).toEqual([3, 4, 5]);
        expect(m).toMatchObject({ oldestVersion: 3, latestVersion: 5, maxVersions: 3 });
        expect(await code(store.read(r, 1))).toBe(CredentialsErrorCode.VersionNotFound);
        expect((await store.read(r, 3)).value).toBe('v3');
      });

      it('says a version that never existed is not found', async () => {
        const r = ref();
        await store.create(r, 'v1', { custom });
        expect(await code(store.read(r, 7))).toBe(CredentialsErrorCode.VersionNotFound);
      });
    });

    describe('metadata', () => {
      it('merges changes, removes fields set to null and changes maxVersions', async () => {
        const r = ref();
        await store.create(r, 'v1', { custom });
        const m = await store.updateMetadata(r, {
          maxVersions: 4,
          custom: { ownerTeam: 'security', expiresAt: null, lastRotatedAt: '2026-11-25T10:00:00.000Z' },
        });
        expect(m.maxVersions).toBe(4);
        expect(m.custom).toEqual({
          provider: 'openai',
          ownerTeam: 'security',
          lastRotatedAt: '2026-11-25T10:00:00.000Z',
          rotationPolicy: custom.rotationPolicy,
        });
        expect((await store.metadata(r)).custom).toEqual(m.custom);
      });
    });

    describe('soft delete, undelete, destroy', () => {
      it('makes a deleted version unreadable until it is undeleted', async () => {
        const r = ref();
        await store.create(r, 'v1', { custom });
        await store.write(r, 'v2');
        await store.deleteVersions(r, [1]);
        expect(await code(store.read(r, 1))).toBe(CredentialsErrorCode.VersionDeleted);
        expect((await store.metadata(r)).versions[0].deletedAt).toEqual(expect.any(String));
        expect((await store.read(r)).value).toBe('v2');
        await store.undeleteVersions(r, [1]);
        expect((await store.read(r, 1)).value).toBe('v1');
        expect((await store.metadata(r)).versions[0].deletedAt).toBeUndefined();
      });

      it('reports a deleted latest version, and the next write goes on from it', async () => {
        const r = ref();
        await store.create(r, 'v1', { custom });
        await store.deleteVersions(r, [1]);
        expect(await code(store.read(r))).toBe(CredentialsErrorCode.VersionDeleted);
        expect((await store.write(r, 'v2', { cas: 1 })).version).toBe(2);
        expect((await store.read(r)).value).toBe('v2');
      });

      it('destroys a version for good: undelete cannot bring it back', async () => {
        const r = ref();
        await store.create(r, 'v1', { custom });
        await store.write(r, 'v2');
        await store.destroyVersions(r, [1]);
        expect(await code(store.read(r, 1))).toBe(CredentialsErrorCode.VersionDestroyed);
        await store.undeleteVersions(r, [1]);
        expect(await code(store.read(r, 1))).toBe(CredentialsErrorCode.VersionDestroyed);
        expect((await store.metadata(r)).versions[0]).toMatchObject({ version: 1, destroyed: true });
      });

      it('ignores versions that do not exist', async () => {
        const r = ref();
        await store.create(r, 'v1', { custom });
        await store.deleteVersions(r, [9]);
        await store.destroyVersions(r, [9]);
        await store.undeleteVersions(r, [9]);
        expect((await store.read(r)).value).toBe('v1');
      });

      it('removes the whole secret with every version and its metadata', async () => {
        const r = ref();
        await store.create(r, 'v1', { custom });
        await store.write(r, 'v2');
        await store.remove(r);
        expect(await code(store.read(r))).toBe(CredentialsErrorCode.CredentialNotFound);
        expect(await code(store.read(r, 1))).toBe(CredentialsErrorCode.CredentialNotFound);
        expect(await code(store.metadata(r))).toBe(CredentialsErrorCode.CredentialNotFound);
        expect(await code(store.remove(r))).toBe(CredentialsErrorCode.CredentialNotFound);
        // and the id can be used afresh
        await store.create(r, 'again', { custom });
        expect(await store.read(r)).toMatchObject({ value: 'again', version: 1 });
      });
    });

    describe('a secret that does not exist', () => {
      it('is not found by any operation', async () => {
        const r = ref();
        const ops = [
          () => store.read(r),
          () => store.read(r, 1),
          () => store.metadata(r),
          () => store.write(r, 'x'),
          () => store.write(r, 'x', { cas: 0 }),
          () => store.updateMetadata(r, { custom: { ownerTeam: 't' } }),
          () => store.deleteVersions(r, [1]),
          () => store.undeleteVersions(r, [1]),
          () => store.destroyVersions(r, [1]),
          () => store.remove(r),
        ];
        for (const op of ops) expect(await code(op())).toBe(CredentialsErrorCode.CredentialNotFound);
      });
    });

    describe('tenant isolation', () => {
      it("never lets org B see or change org A's secret, even with its id", async () => {
        const a = ref();
        const b: SecretRef = { orgId: `other-${org}`, credentialId: a.credentialId };
        await store.create(a, 'sk-org-a', { custom });
        expect(await code(store.read(b))).toBe(CredentialsErrorCode.CredentialNotFound);
        expect(await code(store.metadata(b))).toBe(CredentialsErrorCode.CredentialNotFound);
        expect(await code(store.write(b, 'overwrite'))).toBe(CredentialsErrorCode.CredentialNotFound);
        expect(await code(store.deleteVersions(b, [1]))).toBe(CredentialsErrorCode.CredentialNotFound);
        expect(await code(store.remove(b))).toBe(CredentialsErrorCode.CredentialNotFound);
        // B may hold its own secret under the same id without touching A's
        await store.create(b, 'sk-org-b', { custom });
        expect((await store.read(a)).value).toBe('sk-org-a');
        expect((await store.read(b)).value).toBe('sk-org-b');
      });
    });

    describe('errors', () => {
      it('never carry the value', async () => {
        const r = ref();
        const secret = `sk-${randomUUID()}`;
        await store.create(r, secret, { custom });
        const failures = await Promise.allSettled([
          store.create(r, secret, { custom }),
          store.write(r, secret, { cas: 9 }),
          store.read(r, 9),
          store.write({ ...r, orgId: `x-${org}` }, secret),
        ]);
        for (const f of failures) {
          expect(f.status).toBe('rejected');
          const e = (f as PromiseRejectedResult).reason as Error;
          expect(`${e.message} ${e.stack} ${JSON.stringify(e)}`).not.toContain(secret);
        }
      });
    });
  });
}
