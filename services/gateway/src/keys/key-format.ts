import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Iron Cage key format, after GitHub's 2021 token format ("Behind GitHub's new authentication
 * token formats"): a prefix that names the issuer and the kind, a random part, and a CRC32
 * checksum, so secret scanners can recognise a key with a regular expression and tell a real key
 * from a look-alike without asking us, and the gateway can refuse a mistyped key without a lookup.
 *
 *   sk-ic-       <43 base62: 32 random bytes = 256 bits> <6 base62: CRC32 of everything before>
 *   sk-ic-admin- <43 base62>                             <6 base62>
 *
 * Virtual keys (`sk-ic-`) call models; admin keys (`sk-ic-admin-`) call the admin API. Only an
 * HMAC of the whole string is stored (see KeyHasher).
 */
export type KeyKind = 'virtual' | 'admin';

export const KEY_PREFIXES: Record<KeyKind, string> = { virtual: 'sk-ic-', admin: 'sk-ic-admin-' };

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_CHARS = 43; // ceil(256 / log2(62))
const CHECKSUM_CHARS = 6; // ceil(32 / log2(62))
const RANDOM_BYTES = 32;

/** What a scanner can match: `\bsk-ic-(?:admin-)?[0-9A-Za-z]{49}\b`. */
export const KEY_PATTERN = /^sk-ic-(admin-)?[0-9A-Za-z]{49}$/;

function base62(value: bigint, width: number): string {
  let out = '';
  let v = value;
  while (v > 0n) {
    out = ALPHABET[Number(v % 62n)] + out;
    v /= 62n;
  }
  return out.padStart(width, '0');
}

function base62Small(value: number, width: number): string {
  let out = '';
  let v = value >>> 0;
  while (v > 0) {
    out = ALPHABET[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

const checksumOf = (body: string): string => base62Small(crc32(body), CHECKSUM_CHARS);

/** A fresh key of the given kind. The caller shows it once and stores only its HMAC. */
export function generateKey(kind: KeyKind, random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(RANDOM_BYTES);
  const body = `${KEY_PREFIXES[kind]}${base62(BigInt(`0x${bytes.toString('hex')}`), RANDOM_CHARS)}`;
  return `${body}${checksumOf(body)}`;
}

/** The kind of a well-formed key (prefix, length, alphabet and checksum all right), else undefined. */
export function parseKey(token: string): KeyKind | undefined {
  const match = KEY_PATTERN.exec(token);
  if (!match) return undefined;
  const body = token.slice(0, token.length - CHECKSUM_CHARS);
  if (checksumOf(body) !== token.slice(token.length - CHECKSUM_CHARS)) return undefined;
  return match[1] ? 'admin' : 'virtual';
}

/** What lists show so people can tell their keys apart: the prefix, 4 random characters and the last 4. */
export function keyHint(token: string): string {
  const kind = parseKey(token);
  const prefix = KEY_PREFIXES[kind ?? 'virtual'];
  return `${prefix}${token.slice(prefix.length, prefix.length + 4)}…${token.slice(-4)}`;
}
