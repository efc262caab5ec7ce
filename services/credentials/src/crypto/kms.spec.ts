import { randomBytes } from 'node:crypto';
import { CredentialsErrorCode } from '../credentials.exception';
import { open, seal, secretAad } from './aead';
import { LocalKms, parseKekList } from './kms';
import { kmsFromConfig } from './kms.factory';

describe('seal / open (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('round-trips and never repeats a ciphertext for the same value', () => {
    const aad = secretAad('acme', 'c1', 1, 'd1');
    const a = seal(key, Buffer.from('sk-1'), aad);
    const b = seal(key, Buffer.from('sk-1'), aad);
    expect(a.equals(b)).toBe(false);
    expect(open(key, a, aad).toString()).toBe('sk-1');
  });

  it('refuses a blob read under other associated data, a flipped bit or another key', () => {
    const blob = seal(key, Buffer.from('sk-1'), secretAad('acme', 'c1', 1, 'd1'));
    const fails = (f: () => unknown) => expect(f).toThrow(expect.objectContaining({ code: CredentialsErrorCode.IntegrityFailure }));
    fails(() => open(key, blob, secretAad('acme', 'c1', 2, 'd1')));
    fails(() => open(key, blob, secretAad('other', 'c1', 1, 'd1')));
    const flipped = Buffer.from(blob);
    flipped[flipped.length - 1] ^= 1;
    fails(() => open(key, flipped, secretAad('acme', 'c1', 1, 'd1')));
    fails(() => open(randomBytes(32), blob, secretAad('acme', 'c1', 1, 'd1')));
  });
});

describe('LocalKms', () => {
  const k1 = { id: 'k1', key: randomBytes(32) };
  const k2 = { id: 'k2', key: randomBytes(32) };

  it('wraps with the active KEK and unwraps with any configured one', async () => {
    const old = new LocalKms(k1);
    const wrapped = await old.wrap(Buffer.from('data-key'), 'aad');
    expect(wrapped.kekId).toBe('k1');
    const rotating = new LocalKms(k2, [k1]);
    expect((await rotating.unwrap(wrapped, 'aad')).toString()).toBe('data-key');
    expect((await rotating.wrap(Buffer.from('x'), 'aad')).kekId).toBe('k2');
    await expect(new LocalKms(k2).unwrap(wrapped, 'aad')).rejects.toMatchObject({ code: CredentialsErrorCode.KeyUnknown });
  });

  it('refuses keys of the wrong size and ids given twice', () => {
    expect(() => new LocalKms({ id: 'short', key: randomBytes(16) })).toThrow(/32 bytes/);
    expect(() => new LocalKms(k1, [k1])).toThrow(/twice/);
  });

  it('reads the decrypt-only list format', () => {
    expect(parseKekList(`a:${k1.key.toString('base64')}, b:${k2.key.toString('base64')}`)).toEqual([k1, k2].map((k, i) => ({ id: 'ab'[i], key: k.key })));
  });

  it('derives a stable development KEK from the admin key when none is configured', async () => {
    const config = { CREDENTIALS_KEK_ID: 'local-1', IRONCAGE_ADMIN_KEY: 'ic-admin-0123456789abcdefghijkl' };
    const a = kmsFromConfig(config);
    const wrapped = await a.wrap(Buffer.from('k'), 'aad');
    expect(a.activeKekId).toBe('dev-derived');
    expect((await kmsFromConfig(config).unwrap(wrapped, 'aad')).toString()).toBe('k');
  });
});
