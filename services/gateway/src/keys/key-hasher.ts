import { createHmac } from 'node:crypto';

/**
 * Keys are stored as HMAC-SHA256(secret, key): a database dump alone cannot be used to test
 * guesses offline, unlike a plain hash. The secret is GATEWAY_KEY_HASH_SECRET; changing it
 * invalidates every key.
 */
export class KeyHasher {
  constructor(private readonly secret: string) {}

  hash(token: string): Buffer {
    return createHmac('sha256', this.secret).update(token).digest();
  }
}

/**
 * The development default when GATEWAY_KEY_HASH_SECRET is not set: derived from the bootstrap
 * admin key (domain-separated), so `npm run up` needs no extra variable. Production requires
 * the variable (see config.ts).
 */
export const deriveKeyHashSecret = (adminKey: string): string =>
  createHmac('sha256', adminKey).update('ironcage/gateway/key-hash-secret/v1').digest('base64url');
