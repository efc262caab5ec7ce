import { generateKey, KEY_PATTERN, keyHint, parseKey } from './key-format';

describe('key format', () => {
  it('issues virtual keys as sk-ic- + 43 base62 random characters + a 6-character checksum', () => {
    const key = generateKey('virtual');
    expect(key).toMatch(/^sk-ic-[0-9A-Za-z]{49}$/);
    expect(key).toHaveLength(55);
    expect(parseKey(key)).toBe('virtual');
  });

  it('issues admin keys with their own prefix, so scanners and guards tell them apart', () => {
    const key = generateKey('admin');
    expect(key).toMatch(/^sk-ic-admin-[0-9A-Za-z]{49}$/);
    expect(parseKey(key)).toBe('admin');
  });

  it('carries 256 random bits: the same randomness gives the same key, different randomness a different one', () => {
    const zeros = generateKey('virtual', (n) => Buffer.alloc(n, 0));
    expect(zeros.slice(6, 49)).toBe('0'.repeat(43));
    expect(generateKey('virtual', (n) => Buffer.alloc(n, 0xff)).slice(6, 49)).not.toBe(zeros.slice(6, 49));
    const keys = new Set(Array.from({ length: 200 }, () => generateKey('virtual')));
    expect(keys.size).toBe(200);
  });

  it('refuses a key with one character changed (checksum), a wrong prefix or length', () => {
    const key = generateKey('virtual');
    const i = 20;
    const altered = key.slice(0, i) + (key[i] === 'a' ? 'b' : 'a') + key.slice(i + 1);
    expect(parseKey(altered)).toBeUndefined();
    expect(parseKey(`sk-xx-${key.slice(6)}`)).toBeUndefined();
    expect(parseKey(key.slice(0, -1))).toBeUndefined();
    expect(parseKey('nope')).toBeUndefined();
  });

  it('gives scanners one pattern for both kinds', () => {
    expect(KEY_PATTERN.test(generateKey('virtual'))).toBe(true);
    expect(KEY_PATTERN.test(generateKey('admin'))).toBe(true);
  });

  it('hints at a key with its prefix, 4 random characters and the last 4, and nothing more', () => {
    const key = generateKey('admin');
    const hint = keyHint(key);
    expect(hint).toBe(`sk-ic-admin-${key.slice(12, 16)}…${key.slice(-4)}`);
    expect(hint.length).toBeLessThan(key.length / 2);
  });
});
