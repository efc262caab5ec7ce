import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type KeyKind, parseKey } from '../keys/key-format';
import { KeyHasher } from '../keys/key-hasher';
import { KeysRepository } from '../keys/keys.repository';
import { AuthError, AuthErrorCode } from './auth.exception';
import { Clock } from './clock';
import { type ResolvedCredential, resolveCredential } from './credential';
import { type CacheEntry, CredentialCache } from './credential-cache';
import type { Principal } from './principal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The platform's bootstrap admin key (IRONCAGE_ADMIN_KEY), compared in constant time on digests. */
export class BootstrapKey {
  private readonly digest: Buffer;
  /** A stable, non-reversible id: enough to attribute, useless to an attacker. */
  readonly keyId: string;

  constructor(
    key: string,
    /** The organisation the bootstrap key speaks for where one is needed (whoami, events). */
    readonly orgId: string,
  ) {
    this.digest = createHash('sha256').update(key).digest();
    this.keyId = `admin-${this.digest.toString('hex').slice(0, 12)}`;
  }

  matches(token: string): boolean {
    return timingSafeEqual(createHash('sha256').update(token).digest(), this.digest);
  }
}

/**
 * Turns a presented key into a ResolvedCredential. Warm: checksum + HMAC + map lookup, no
 * promise. Cold: one database read, shared by concurrent requests for the same key.
 */
@Injectable()
export class KeyAuthenticator {
  private readonly inflight = new Map<string, Promise<CacheEntry>>();
  private readonly byPrincipal = new WeakMap<Principal, ResolvedCredential>();

  constructor(
    private readonly keys: KeysRepository,
    private readonly hasher: KeyHasher,
    private readonly cache: CredentialCache,
    private readonly clock: Clock,
  ) {}

  /**
   * Resolves a key of the expected kind or throws an AuthError: `missing_credentials`,
   * `invalid_credentials` (malformed, bad checksum, unknown), `key_revoked`, `key_expired`, or
   * `virtual_key_required` / `admin_key_required` for the wrong kind.
   */
  authenticate(token: string | undefined, expected: KeyKind | 'any'): ResolvedCredential | Promise<ResolvedCredential> {
    if (!token) throw new AuthError(AuthErrorCode.MissingCredentials);
    const kind = parseKey(token);
    if (!kind) throw new AuthError(AuthErrorCode.InvalidCredentials);
    if (expected !== 'any' && kind !== expected) {
      throw new AuthError(expected === 'virtual' ? AuthErrorCode.VirtualKeyRequired : AuthErrorCode.AdminKeyRequired);
    }
    const hash = this.hasher.hash(token);
    const hashKey = hash.toString('base64');
    const cached = this.cache.get(hashKey);
    if (cached) return this.accept(cached);
    return this.load(hashKey, hash).then((entry) => this.accept(entry));
  }

  /** The credential a principal came from (same object the guard attached), else undefined. */
  credentialOf(principal: Principal): ResolvedCredential | undefined {
    return this.byPrincipal.get(principal);
  }

  /** For principals not produced by this process's guard: read the key by id (not cached). */
  async credentialById(orgId: string, keyId: string): Promise<ResolvedCredential | undefined> {
    if (!UUID.test(keyId)) return undefined;
    const row = await this.keys.findCredentialById(orgId, keyId);
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= this.clock.now())) return undefined;
    return resolveCredential(row);
  }

  private accept(entry: CacheEntry): ResolvedCredential {
    if (!entry.ok) throw new AuthError(entry.code, undefined, entry.principal);
    if (entry.credential.expiresAtMs <= this.clock.now()) throw new AuthError(AuthErrorCode.KeyExpired, undefined, entry.credential.principal);
    return entry.credential;
  }

  private load(hashKey: string, hash: Buffer): Promise<CacheEntry> {
    // Requests arriving after an invalidation never join a read that started before it.
    const generation = this.cache.generation;
    const inflightKey = `${generation}:${hashKey}`;
    const pending = this.inflight.get(inflightKey);
    if (pending) return pending;
    const promise = this.keys
      .findCredentialByHash(hash)
      .then((row): CacheEntry => {
        if (!row) return { ok: false, code: AuthErrorCode.InvalidCredentials };
        // the revoked key's owner, so the refusal is recorded in its organisation
        if (row.revokedAt) return { ok: false, code: AuthErrorCode.KeyRevoked, principal: resolveCredential(row).principal };
        const credential = resolveCredential(row);
        this.byPrincipal.set(credential.principal, credential);
        return { ok: true, credential };
      })
      .then((entry) => {
        this.cache.set(hashKey, entry, generation);
        return entry;
      })
      .finally(() => this.inflight.delete(inflightKey));
    this.inflight.set(inflightKey, promise);
    return promise;
  }
}
