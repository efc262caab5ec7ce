import { randomUUID } from 'node:crypto';
import { CredentialsErrorCode } from '../../credentials.exception';
import { secretStoreContract } from '../testing/secret-store.contract';
import { VaultSecretStore } from './vault-secret.store';

// infra/local/openbao.sh runs a Vault-API server (OpenBao, dev mode) with a known root token.
const endpoint = process.env.VAULT_ADDR ?? 'http://127.0.0.1:8200';
const token = process.env.IRONCAGE_VAULT_TOKEN ?? 'ironcage-dev-root';
const prefix = `t-${randomUUID().slice(0, 8)}`;
const storeFor = (p = prefix) => new VaultSecretStore({ endpoint, token, mount: 'secret', prefix: p });

async function purge(p: string): Promise<void> {
  // Deletes everything under the test prefix (LIST is recursive by hand: <prefix>/<org>/<id>).
  const h = { 'X-Vault-Token': token };
  const list = async (path: string): Promise<string[]> => {
    const r = await fetch(`${endpoint}/v1/secret/metadata/${path}?list=true`, { headers: h });
    return r.status === 200 ? ((await r.json()) as { data: { keys: string[] } }).data.keys : [];
  };
  for (const org of await list(p)) {
    for (const id of await list(`${p}/${org}`)) await fetch(`${endpoint}/v1/secret/metadata/${p}/${org}${id}`, { method: 'DELETE', headers: h });
  }
}

secretStoreContract('Vault KV v2 (OpenBao dev server)', async () => ({
  store: storeFor(),
  close: () => purge(prefix),
}));

describe('VaultSecretStore', () => {
  afterAll(() => purge(prefix));

  it('keeps each org under its own path and refuses ids that could leave it', async () => {
    const store = storeFor();
    const ref = { orgId: 'acme', credentialId: randomUUID() };
    await store.create(ref, 'sk-acme', { custom: { provider: 'openai' } });
    const raw = await fetch(`${endpoint}/v1/secret/data/${prefix}/acme/${ref.credentialId}`, { headers: { 'X-Vault-Token': token } });
    expect(((await raw.json()) as { data: { data: { value: string } } }).data.data.value).toBe('sk-acme');
    for (const orgId of ['..', '../acme', 'a/b', '']) {
      await expect(store.read({ orgId, credentialId: ref.credentialId })).rejects.toMatchObject({ code: CredentialsErrorCode.Invalid });
    }
  });

  it('reports an unreachable Vault as unavailable, naming no value', async () => {
    const store = new VaultSecretStore({ endpoint: 'http://127.0.0.1:1', token, mount: 'secret', prefix, timeoutMs: 500 });
    const err = await store.write({ orgId: 'acme', credentialId: randomUUID() }, 'sk-never-logged').catch((e: Error) => e);
    expect(err).toMatchObject({ code: CredentialsErrorCode.StoreUnavailable });
    expect(JSON.stringify(err) + (err as Error).message).not.toContain('sk-never-logged');
    await expect(store.ping()).rejects.toThrow();
  });

  it('rejects a token it does not know as unavailable, not as missing', async () => {
    const store = new VaultSecretStore({ endpoint, token: 'not-a-token', mount: 'secret', prefix });
    await expect(store.read({ orgId: 'acme', credentialId: randomUUID() })).rejects.toMatchObject({ code: CredentialsErrorCode.StoreUnavailable });
  });
});
