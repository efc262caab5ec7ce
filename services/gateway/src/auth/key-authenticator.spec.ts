import { generateKey } from '../keys/key-format';
import { KeyHasher } from '../keys/key-hasher';
import { KeysRepository } from '../keys/keys.repository';
import { KEY, ORG, TEAM, USER } from '../tenancy/testing/builders';
import { credentialRow } from '../tenancy/testing/credential-rows';
import { mockOf } from '../tenancy/testing/mock-of';
import { AuthErrorCode } from './auth.exception';
import { Clock } from './clock';
import { CredentialCache } from './credential-cache';
import { BootstrapKey, KeyAuthenticator } from './key-authenticator';

const codeOf = async (fn: () => unknown): Promise<string | undefined> => {
  try {
    await fn();
    return undefined;
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('KeyAuthenticator', () => {
  const hasher = new KeyHasher('s'.repeat(32));
  let keys: jest.Mocked<KeysRepository>;
  let cache: CredentialCache;
  let clock: jest.Mocked<Clock>;
  let auth: KeyAuthenticator;
  const token = generateKey('virtual');

  beforeEach(() => {
    keys = mockOf(KeysRepository);
    clock = mockOf(Clock);
    clock.now.mockReturnValue(Date.parse('2026-01-01T00:00:00Z'));
    cache = new CredentialCache({ max: 100, ttlMs: 60_000, negativeMax: 100 });
    auth = new KeyAuthenticator(keys, hasher, cache, clock);
  });

  describe('authenticate', () => {
    it('resolves a key to its principal, looking it up by its HMAC only', async () => {
      keys.findCredentialByHash.mockResolvedValue(credentialRow({ tags: ['ci'], metadata: { env: 'dev' } }));
      const credential = await auth.authenticate(token, 'virtual');
      expect(credential.principal).toEqual({ orgId: ORG, keyId: KEY, userId: USER, teamId: TEAM, role: 'member', metadata: { env: 'dev' }, tags: ['ci'] });
      expect(keys.findCredentialByHash).toHaveBeenCalledWith(hasher.hash(token));
      expect(JSON.stringify(keys.findCredentialByHash.mock.calls)).not.toContain(token);
    });

    it('answers a warm key synchronously, without touching the database', async () => {
      keys.findCredentialByHash.mockResolvedValue(credentialRow());
      await auth.authenticate(token, 'virtual');
      const warm = auth.authenticate(token, 'virtual');
      expect(warm).not.toBeInstanceOf(Promise);
      expect(keys.findCredentialByHash).toHaveBeenCalledTimes(1);
    });

    it('reads a cold key once for many concurrent requests', async () => {
      keys.findCredentialByHash.mockResolvedValue(credentialRow());
      await Promise.all(Array.from({ length: 20 }, () => auth.authenticate(token, 'virtual')));
      expect(keys.findCredentialByHash).toHaveBeenCalledTimes(1);
    });

    it('refuses a missing key with missing_credentials', async () => {
      expect(await codeOf(() => auth.authenticate(undefined, 'virtual'))).toBe(AuthErrorCode.MissingCredentials);
    });

    it('refuses a malformed or mistyped key with invalid_credentials, without a lookup', async () => {
      expect(await codeOf(() => auth.authenticate('sk-ic-short', 'virtual'))).toBe(AuthErrorCode.InvalidCredentials);
      expect(await codeOf(() => auth.authenticate(`${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`, 'virtual'))).toBe(AuthErrorCode.InvalidCredentials);
      expect(keys.findCredentialByHash).not.toHaveBeenCalled();
    });

    it('refuses an unknown key with invalid_credentials, and remembers it', async () => {
      keys.findCredentialByHash.mockResolvedValue(null);
      expect(await codeOf(() => auth.authenticate(token, 'virtual'))).toBe(AuthErrorCode.InvalidCredentials);
      expect(await codeOf(() => auth.authenticate(token, 'virtual'))).toBe(AuthErrorCode.InvalidCredentials);
      expect(keys.findCredentialByHash).toHaveBeenCalledTimes(1);
    });

    it('refuses a revoked key with key_revoked', async () => {
      keys.findCredentialByHash.mockResolvedValue(credentialRow({ revokedAt: new Date('2025-12-31T00:00:00Z') }));
      expect(await codeOf(() => auth.authenticate(token, 'virtual'))).toBe(AuthErrorCode.KeyRevoked);
    });

    it('refuses an expired key with key_expired, also once it expires while cached', async () => {
      keys.findCredentialByHash.mockResolvedValue(credentialRow({ expiresAt: new Date('2026-01-01T00:01:00Z') }));
      await expect(Promise.resolve(auth.authenticate(token, 'virtual'))).resolves.toBeDefined();
      clock.now.mockReturnValue(Date.parse('2026-01-01T00:01:00Z'));
      expect(await codeOf(() => auth.authenticate(token, 'virtual'))).toBe(AuthErrorCode.KeyExpired);
    });

    it('refuses the wrong kind before any lookup: admin keys cannot call models, virtual keys cannot administer', async () => {
      expect(await codeOf(() => auth.authenticate(generateKey('admin'), 'virtual'))).toBe(AuthErrorCode.VirtualKeyRequired);
      expect(await codeOf(() => auth.authenticate(token, 'admin'))).toBe(AuthErrorCode.AdminKeyRequired);
      expect(keys.findCredentialByHash).not.toHaveBeenCalled();
    });

    it('re-reads a key after an invalidation and then sees the revocation', async () => {
      keys.findCredentialByHash.mockResolvedValueOnce(credentialRow());
      await auth.authenticate(token, 'virtual');
      keys.findCredentialByHash.mockResolvedValueOnce(credentialRow({ revokedAt: new Date() }));
      cache.evictReferencing([KEY]);
      expect(await codeOf(() => auth.authenticate(token, 'virtual'))).toBe(AuthErrorCode.KeyRevoked);
    });

    it('does not let a request arriving after an invalidation join a read that started before it', async () => {
      let release!: (v: unknown) => void;
      keys.findCredentialByHash.mockImplementationOnce(() => new Promise((r) => (release = r)) as never);
      const before = auth.authenticate(token, 'virtual');
      cache.evictReferencing([KEY]);
      keys.findCredentialByHash.mockResolvedValueOnce(credentialRow({ revokedAt: new Date() }));
      const after = codeOf(() => auth.authenticate(token, 'virtual'));
      release(credentialRow());
      await before;
      expect(await after).toBe(AuthErrorCode.KeyRevoked);
      expect(keys.findCredentialByHash).toHaveBeenCalledTimes(2);
    });
  });

  describe('admin keys', () => {
    it("act for their user with the user's org-wide and team roles", async () => {
      keys.findCredentialByHash.mockResolvedValue(
        credentialRow({ kind: 'admin', teamId: null, memberships: [{ teamId: null, role: 'admin' }, { teamId: TEAM, role: 'owner' }] }),
      );
      const credential = await auth.authenticate(generateKey('admin'), 'admin');
      expect(credential.actor).toEqual({ type: 'user', id: KEY, orgId: ORG, userId: USER, orgRole: 'admin', teamRoles: { [TEAM]: 'owner' } });
    });
  });

  describe('credentialOf', () => {
    it('knows the credential behind a principal it produced, and nothing else', async () => {
      keys.findCredentialByHash.mockResolvedValue(credentialRow());
      const credential = await auth.authenticate(token, 'virtual');
      expect(auth.credentialOf(credential.principal)).toBe(credential);
      expect(auth.credentialOf({ ...credential.principal })).toBeUndefined();
    });

    it('does not look up ids that are not key ids (the bootstrap key)', async () => {
      await expect(auth.credentialById(ORG, 'admin-abc')).resolves.toBeUndefined();
      expect(keys.findCredentialById).not.toHaveBeenCalled();
    });
  });
});

describe('BootstrapKey', () => {
  it('matches only the configured key and exposes a non-reversible id', () => {
    const key = new BootstrapKey('ic-admin-0123456789abcdefghijklmn', 'demo');
    expect(key.matches('ic-admin-0123456789abcdefghijklmn')).toBe(true);
    expect(key.matches('ic-admin-0123456789abcdefghijklmo')).toBe(false);
    expect(key.keyId).toMatch(/^admin-[0-9a-f]{12}$/);
  });
});
