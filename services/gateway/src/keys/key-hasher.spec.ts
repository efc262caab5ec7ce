import { deriveKeyHashSecret, KeyHasher } from './key-hasher';

describe('KeyHasher', () => {
  it('is an HMAC: the same key under another secret hashes differently', () => {
    const a = new KeyHasher('a'.repeat(32)).hash('sk-ic-x');
    expect(a).toHaveLength(32);
    expect(new KeyHasher('a'.repeat(32)).hash('sk-ic-x').equals(a)).toBe(true);
    expect(new KeyHasher('b'.repeat(32)).hash('sk-ic-x').equals(a)).toBe(false);
  });

  it('derives a development secret from the admin key that is neither the key nor reversible to it', () => {
    const secret = deriveKeyHashSecret('ic-admin-0123456789abcdefghijklmn');
    expect(secret).toHaveLength(43);
    expect(secret).not.toContain('0123456789');
    expect(deriveKeyHashSecret('ic-admin-0123456789abcdefghijklmn')).toBe(secret);
    expect(deriveKeyHashSecret('ic-admin-other-key-0123456789abc')).not.toBe(secret);
  });
});
