import type { ExecutionContext } from '@nestjs/common';
import { generateKey } from '../keys/key-format';
import { KEY, ORG, TEAM } from '../tenancy/testing/builders';
import { credentialRow } from '../tenancy/testing/credential-rows';
import { mockOf } from '../tenancy/testing/mock-of';
import { AuthError, AuthErrorCode } from './auth.exception';
import { resolveCredential } from './credential';
import { AdminApiGuard, AnyKeyGuard, VirtualKeyGuard } from './guards';
import { BootstrapKey, KeyAuthenticator } from './key-authenticator';
import { actorOf, principalOf } from './request-identity';

const http = (headers: Record<string, string>): ExecutionContext => {
  const request = { headers };
  return { getType: () => 'http', switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
};

const grpc = (metadata: Record<string, string>): ExecutionContext => {
  const md = { get: (k: string) => (metadata[k] ? [metadata[k]] : []) };
  return { getType: () => 'rpc', switchToRpc: () => ({ getContext: () => md }) } as unknown as ExecutionContext;
};

describe('guards', () => {
  const bootstrap = new BootstrapKey('ic-admin-0123456789abcdefghijklmn', 'demo');
  const virtual = resolveCredential(credentialRow());
  const admin = resolveCredential(credentialRow({ kind: 'admin', teamId: null, memberships: [{ teamId: null, role: 'owner' }] }));
  let authenticator: jest.Mocked<KeyAuthenticator>;

  beforeEach(() => {
    authenticator = mockOf(KeyAuthenticator);
  });

  describe('VirtualKeyGuard', () => {
    it('reads `Authorization: Bearer` and attaches the principal, synchronously when the key is warm', () => {
      authenticator.authenticate.mockReturnValue(virtual);
      const ctx = http({ authorization: 'Bearer sk-ic-x' });
      expect(new VirtualKeyGuard(authenticator).canActivate(ctx)).toBe(true);
      expect(authenticator.authenticate).toHaveBeenCalledWith('sk-ic-x', 'virtual');
      expect(principalOf(ctx)).toBe(virtual.principal);
    });

    it('reads `x-api-key`, as Anthropic clients send it', async () => {
      authenticator.authenticate.mockResolvedValue(virtual);
      const ctx = http({ 'x-api-key': 'sk-ic-y' });
      await expect(new VirtualKeyGuard(authenticator).canActivate(ctx)).resolves.toBe(true);
      expect(authenticator.authenticate).toHaveBeenCalledWith('sk-ic-y', 'virtual');
      expect(principalOf(ctx)?.keyId).toBe(KEY);
    });

    it('reads gRPC metadata and attaches the principal to it', () => {
      authenticator.authenticate.mockReturnValue(virtual);
      const ctx = grpc({ authorization: 'Bearer sk-ic-z' });
      expect(new VirtualKeyGuard(authenticator).canActivate(ctx)).toBe(true);
      expect(authenticator.authenticate).toHaveBeenCalledWith('sk-ic-z', 'virtual');
      expect(principalOf(ctx)?.teamId).toBe(TEAM);
    });

    it('lets the authenticator’s refusal through', () => {
      authenticator.authenticate.mockImplementation(() => {
        throw new AuthError(AuthErrorCode.KeyRevoked);
      });
      expect(() => new VirtualKeyGuard(authenticator).canActivate(http({ authorization: 'Bearer sk-ic-x' }))).toThrow(expect.objectContaining({ code: 'key_revoked' }));
    });
  });

  describe('AdminApiGuard', () => {
    it('accepts the bootstrap key as the platform admin, without a lookup', () => {
      const ctx = http({ authorization: 'Bearer ic-admin-0123456789abcdefghijklmn' });
      expect(new AdminApiGuard(authenticator, bootstrap).canActivate(ctx)).toBe(true);
      expect(actorOf(ctx)).toEqual({ type: 'platform', id: bootstrap.keyId });
      expect(authenticator.authenticate).not.toHaveBeenCalled();
    });

    it('accepts an org admin key as its user, with their roles', () => {
      authenticator.authenticate.mockReturnValue(admin);
      const ctx = http({ authorization: `Bearer ${generateKey('admin')}` });
      expect(new AdminApiGuard(authenticator, bootstrap).canActivate(ctx)).toBe(true);
      expect(actorOf(ctx)).toMatchObject({ type: 'user', orgId: ORG, orgRole: 'owner' });
    });
  });

  describe('AnyKeyGuard', () => {
    it('gives the bootstrap key a principal in the default organisation', () => {
      const ctx = http({ authorization: 'Bearer ic-admin-0123456789abcdefghijklmn' });
      expect(new AnyKeyGuard(authenticator, bootstrap).canActivate(ctx)).toBe(true);
      expect(principalOf(ctx)).toMatchObject({ orgId: 'demo', keyId: bootstrap.keyId });
    });

    it('accepts virtual and admin keys alike', () => {
      authenticator.authenticate.mockReturnValue(virtual);
      const ctx = http({ authorization: 'Bearer sk-ic-x' });
      expect(new AnyKeyGuard(authenticator, bootstrap).canActivate(ctx)).toBe(true);
      expect(authenticator.authenticate).toHaveBeenCalledWith('sk-ic-x', 'any');
      expect(principalOf(ctx)).toBe(virtual.principal);
    });
  });
});
