import { LRUCache } from 'lru-cache';
import type { ResolvedCredential } from './credential';
import { AuthErrorCode } from './auth.exception';
import type { Principal } from './principal';

export type CacheEntry =
  | { readonly ok: true; readonly credential: ResolvedCredential }
  | { readonly ok: false; readonly code: AuthErrorCode.InvalidCredentials | AuthErrorCode.KeyRevoked; readonly principal?: Principal };

export interface CredentialCacheOptions {
  /** Most keys held (LRU beyond that). */
  max: number;
  /** Safety net: an entry is re-read after this long even if no invalidation event arrived. */
  ttlMs: number;
  /** Unknown or revoked keys are remembered in a separate, smaller LRU, so garbage cannot push out real keys. */
  negativeMax: number;
}

/**
 * Resolved keys by the HMAC of the presented key (never the key itself), so a warm request
 * authenticates with one HMAC and one map lookup. Entries are dropped when an admin change
 * touches anything they reference (key, org, team, project, user), on every replica, via
 * `admin.changed`; the TTL bounds staleness should an event be missed.
 *
 * `generation` closes the race between a database read and an invalidation: a load started
 * before an invalidation is not cached when it completes.
 */
export class CredentialCache {
  private readonly positive: LRUCache<string, CacheEntry & { ok: true }>;
  private readonly negative: LRUCache<string, CacheEntry & { ok: false }>;
  private gen = 0;

  constructor(readonly options: CredentialCacheOptions) {
    this.positive = new LRUCache({ max: options.max, ttl: options.ttlMs });
    this.negative = new LRUCache({ max: options.negativeMax, ttl: options.ttlMs });
  }

  get generation(): number {
    return this.gen;
  }

  get size(): number {
    return this.positive.size + this.negative.size;
  }

  get(hashKey: string): CacheEntry | undefined {
    return this.positive.get(hashKey) ?? this.negative.get(hashKey);
  }

  /** Stores an entry read from the database, unless an invalidation happened since `loadedAtGeneration`. */
  set(hashKey: string, entry: CacheEntry, loadedAtGeneration: number): boolean {
    if (loadedAtGeneration !== this.gen) return false;
    if (entry.ok) this.positive.set(hashKey, entry);
    else this.negative.set(hashKey, entry);
    return true;
  }

  /** Drops every key that references one of `ids`; returns how many. */
  evictReferencing(ids: Iterable<string>): number {
    this.gen++;
    const wanted = new Set(ids);
    if (wanted.size === 0) return 0;
    const doomed: string[] = [];
    for (const [hashKey, entry] of this.positive.entries()) {
      for (const ref of entry.credential.refs) {
        if (wanted.has(ref)) {
          doomed.push(hashKey);
          break;
        }
      }
    }
    for (const hashKey of doomed) this.positive.delete(hashKey);
    return doomed.length;
  }

  clear(): void {
    this.gen++;
    this.positive.clear();
    this.negative.clear();
  }
}
