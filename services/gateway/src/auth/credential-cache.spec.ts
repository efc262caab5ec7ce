import { resolveCredential } from './credential';
import { CredentialCache } from './credential-cache';
import { AuthErrorCode } from './auth.exception';
import { credentialRow } from '../tenancy/testing/credential-rows';
import { KEY, OTHER_TEAM, PROJECT, TEAM, USER } from '../tenancy/testing/builders';

describe('CredentialCache', () => {
  const entry = (overrides = {}) => ({ ok: true as const, credential: resolveCredential(credentialRow(overrides)) });
  let cache: CredentialCache;

  beforeEach(() => {
    cache = new CredentialCache({ max: 100, ttlMs: 60_000, negativeMax: 10 });
  });

  it('returns what was stored', () => {
    const e = entry();
    cache.set('h1', e, cache.generation);
    expect(cache.get('h1')).toBe(e);
  });

  it('drops every key that references a changed key, team, project, user or org', () => {
    cache.set('by-key', entry(), cache.generation);
    cache.set('by-team', entry({ id: '01900000-0000-7000-8000-0000000000f1', userId: null, teamId: OTHER_TEAM }), cache.generation);
    cache.set('by-project', entry({ id: '01900000-0000-7000-8000-0000000000f2', userId: null, teamId: OTHER_TEAM, projectId: PROJECT }), cache.generation);
    expect(cache.evictReferencing([KEY])).toBe(1);
    expect(cache.get('by-key')).toBeUndefined();
    expect(cache.evictReferencing([PROJECT])).toBe(1);
    expect(cache.get('by-team')).toBeDefined();
    expect(cache.evictReferencing([OTHER_TEAM])).toBe(1);
    expect(cache.size).toBe(0);
  });

  it('drops a user’s keys when the user changes', () => {
    cache.set('h', entry(), cache.generation);
    cache.evictReferencing([USER]);
    expect(cache.get('h')).toBeUndefined();
  });

  it('does not store a read that started before an invalidation (it may be stale)', () => {
    const startedAt = cache.generation;
    cache.evictReferencing([TEAM]);
    expect(cache.set('h', entry(), startedAt)).toBe(false);
    expect(cache.get('h')).toBeUndefined();
  });

  it('keeps unknown and revoked keys apart, so garbage cannot push real keys out', () => {
    cache.set('real', entry(), cache.generation);
    for (let i = 0; i < 50; i++) cache.set(`garbage-${i}`, { ok: false, code: AuthErrorCode.InvalidCredentials }, cache.generation);
    expect(cache.get('real')).toBeDefined();
    expect(cache.get('garbage-49')).toEqual({ ok: false, code: AuthErrorCode.InvalidCredentials });
    expect(cache.get('garbage-0')).toBeUndefined();
  });

  it('forgets entries after the TTL (the safety net for a missed event)', async () => {
    const short = new CredentialCache({ max: 10, ttlMs: 20, negativeMax: 10 });
    short.set('h', entry(), short.generation);
    await new Promise((r) => setTimeout(r, 40));
    expect(short.get('h')).toBeUndefined();
  });

  it('clears everything', () => {
    cache.set('h', entry(), cache.generation);
    cache.clear();
    expect(cache.get('h')).toBeUndefined();
  });
});
