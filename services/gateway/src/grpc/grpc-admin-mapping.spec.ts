import { status } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { ValidationError } from '@ironcage/kit';
import { AuthError, AuthErrorCode } from '../auth';
import { KeysError } from '../keys/keys.exception';
import { TenancyError, TenancyErrorCode } from '../tenancy/tenancy.exception';
import { adminErrorToGrpc, compact, keyOwner, listOf, mapOf, pageQuery, protoFieldPath } from './grpc-admin-mapping';

describe('gRPC admin mapping', () => {
  it('names REST detail paths by their field in the request message, leaving metadata keys alone', () => {
    expect(protoFieldPath('body.owner.teamId')).toBe('owner.team_id');
    expect(protoFieldPath('param.keyId')).toBe('key_id');
    expect(protoFieldPath('query.limit')).toBe('limit');
    expect(protoFieldPath('body.allowedModels[2]')).toBe('allowed_models[2]');
    expect(protoFieldPath('body.metadata.costCentre')).toBe('metadata.costCentre');
    expect(protoFieldPath('body')).toBe('body');
  });

  it('reads proto3 fields as REST would see a body: "" and 0 are absent, wrappers are presence', () => {
    expect(compact({ a: undefined, b: '', c: 0 })).toEqual({ b: '', c: 0 });
    expect(pageQuery({ cursor: '', limit: 0 })).toEqual({});
    expect(pageQuery({ cursor: 'c', limit: 5 })).toEqual({ cursor: 'c', limit: 5 });
    expect(keyOwner({ type: 'team', team_id: 't', user_id: '' })).toEqual({ type: 'team', teamId: 't' });
    expect(keyOwner(undefined)).toBeUndefined();
    expect([listOf(undefined), listOf({}), listOf({ values: ['a'] })]).toEqual([undefined, [], ['a']]);
    expect([mapOf(undefined), mapOf({}), mapOf({ values: { a: 'b' } })]).toEqual([undefined, {}, { a: 'b' }]);
  });

  it("maps REST's statuses, keeping its code and message", () => {
    const cases: [unknown, status, string][] = [
      [new AuthError(AuthErrorCode.MissingCredentials), status.UNAUTHENTICATED, 'missing_credentials'],
      [new AuthError(AuthErrorCode.AdminKeyRequired), status.PERMISSION_DENIED, 'admin_key_required'],
      [TenancyError.insufficientRole('admin'), status.PERMISSION_DENIED, 'insufficient_role'],
      [TenancyError.teamNotFound('t'), status.NOT_FOUND, 'team_not_found'],
      [new TenancyError(TenancyErrorCode.TeamExists, 'A team "x" exists'), status.ALREADY_EXISTS, 'team_exists'],
      [KeysError.alreadyRevoked('k'), status.FAILED_PRECONDITION, 'key_already_revoked'],
    ];
    for (const [err, code, errorCode] of cases) {
      const g = adminErrorToGrpc(err);
      expect({ code: g.code, errorCode: g.metadata.get('ironcage-error-code')[0], details: g.details }).toEqual({ code, errorCode, details: (err as Error).message });
    }
  });

  it('names every invalid field in the message and in ironcage-error-details-bin', () => {
    const g = adminErrorToGrpc(new ValidationError('The request is invalid', [{ path: 'body.owner.teamId', message: 'must be a UUID' }, { path: 'body.name', message: 'Too small' }]));
    expect(g.code).toBe(status.INVALID_ARGUMENT);
    expect(g.details).toBe('The request is invalid: owner.team_id: must be a UUID; name: Too small');
    expect(JSON.parse((g.metadata.get('ironcage-error-details-bin')[0] as Buffer).toString('utf8'))).toEqual([
      { path: 'owner.team_id', message: 'must be a UUID' },
      { path: 'name', message: 'Too small' },
    ]);
  });

  it('hides an unexpected failure behind an error id, as REST does (and logs it under that id)', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const g = adminErrorToGrpc(new Error('connection string postgres://u:p@h/db'));
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ errorId: g.metadata.get('ironcage-error-id')[0] }), 'unhandled error');
    logged.mockRestore();
    expect(g.code).toBe(status.INTERNAL);
    expect(g.details).not.toContain('postgres');
    const id = g.metadata.get('ironcage-error-id')[0];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(g.details).toContain(String(id));
  });
});
