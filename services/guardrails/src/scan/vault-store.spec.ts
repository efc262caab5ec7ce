import { Sealer } from '../common/sealer';
import { newVaultStore, testConfig } from '../testing/scan-fixtures';
import { ScanError } from './scan.exception';
import { VaultStore } from './vault-store';

describe('VaultStore', () => {
  const stores: VaultStore[] = [];
  const store = (config = testConfig) => {
    const s = new VaultStore(config, new Sealer(config));
    stores.push(s);
    return s;
  };
  afterEach(() => stores.splice(0).forEach((s) => s.onModuleDestroy()));

  const filled = (s: VaultStore, orgId = 'o1', requestId = 'r1') => {
    const v = s.getOrCreate(orgId, requestId);
    const placeholders = [v.vault.tokenize('EMAIL_ADDRESS', 'ana@example.com'), v.vault.tokenize('PERSON', 'Ana Kowalski'), v.vault.tokenize('EMAIL_ADDRESS', 'bob@example.com')];
    s.note(v, placeholders);
    return v;
  };

  it('keeps one vault per org and request', () => {
    const s = store();
    expect(s.getOrCreate('o1', 'r1')).toBe(s.getOrCreate('o1', 'r1'));
    expect(s.getOrCreate('o2', 'r1')).not.toBe(s.getOrCreate('o1', 'r1'));
  });

  it('restores a vault on another replica from its sealed token, placeholders and values intact', () => {
    const token = store().seal('o1', 'r1', filled(store()));
    const restored = store().find('o1', 'r1', token)!;
    expect(restored.vault.detokenize('[EMAIL_ADDRESS_2] and [PERSON_1] wrote to [EMAIL_ADDRESS_1]')).toBe('bob@example.com and Ana Kowalski wrote to ana@example.com');
    expect(token).not.toContain('ana@');
  });

  it('refuses a token for another request or org, altered, or sealed with another key', () => {
    const a = store();
    const token = a.seal('o1', 'r1', filled(a));
    expect(() => store().unseal('o1', 'r2', token)).toThrow(ScanError);
    expect(() => store().unseal('o2', 'r1', token)).toThrow(ScanError);
    expect(() => store().unseal('o1', 'r1', `${token.slice(0, -3)}abc`)).toThrow(ScanError);
    expect(() => store({ ...testConfig, GUARDRAILS_VAULT_KEY: Buffer.alloc(32, 9).toString('base64') }).unseal('o1', 'r1', token)).toThrow(ScanError);
    expect(() => store().unseal('o1', 'r1', 'garbage')).toThrow(ScanError);
  });

  it('forgets a vault after its time to live, and a deleted one at once', () => {
    const s = store({ ...testConfig, GUARDRAILS_VAULT_TTL_SECONDS: 5 });
    const v = filled(s);
    s.delete('o1', 'r1');
    expect(s.get('o1', 'r1')).toBeUndefined();
    expect(() => v.vault.reveal('[EMAIL_ADDRESS_1]')).toThrow(/destroyed/);
    const w = s.getOrCreate('o1', 'r2');
    w.expiresAt = Date.now() - 1;
    expect(s.get('o1', 'r2')).toBeUndefined();
  });

  it('refuses an expired token', () => {
    const s = newVaultStore();
    stores.push(s);
    const v = filled(s);
    v.expiresAt = Date.now() - 1;
    expect(() => store().unseal('o1', 'r1', s.seal('o1', 'r1', v))).toThrow(ScanError);
  });
});
