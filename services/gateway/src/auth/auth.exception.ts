import { DomainError, type ErrorCategory } from '@ironcage/kit';
import type { Principal } from './principal';

export enum AuthErrorCode {
  /** No `Authorization: Bearer` or `x-api-key` header. */
  MissingCredentials = 'missing_credentials',
  /** Not a key we issued: malformed, bad checksum, unknown. */
  InvalidCredentials = 'invalid_credentials',
  KeyRevoked = 'key_revoked',
  KeyExpired = 'key_expired',
  /** A virtual key on the admin API. */
  AdminKeyRequired = 'admin_key_required',
  /** An admin key (or the bootstrap key) where a virtual key is needed, e.g. to call a model. */
  VirtualKeyRequired = 'virtual_key_required',
  /** The model is not allowed for this key; `message` names the layer whose rule refused it. */
  ModelNotAllowed = 'model_not_allowed',
}

const CATEGORY: Record<AuthErrorCode, ErrorCategory> = {
  [AuthErrorCode.MissingCredentials]: 'unauthenticated',
  [AuthErrorCode.InvalidCredentials]: 'unauthenticated',
  [AuthErrorCode.KeyRevoked]: 'unauthenticated',
  [AuthErrorCode.KeyExpired]: 'unauthenticated',
  [AuthErrorCode.AdminKeyRequired]: 'forbidden',
  [AuthErrorCode.VirtualKeyRequired]: 'forbidden',
  [AuthErrorCode.ModelNotAllowed]: 'forbidden',
};

const MESSAGES: Record<AuthErrorCode, string> = {
  [AuthErrorCode.MissingCredentials]: 'Send a key as `Authorization: Bearer <key>` or `x-api-key: <key>`',
  [AuthErrorCode.InvalidCredentials]: 'The key is not valid',
  [AuthErrorCode.KeyRevoked]: 'The key has been revoked',
  [AuthErrorCode.KeyExpired]: 'The key has expired',
  [AuthErrorCode.AdminKeyRequired]: 'The admin API needs an admin key (sk-ic-admin-…) or the platform admin key',
  [AuthErrorCode.VirtualKeyRequired]: 'This needs a virtual key (sk-ic-…); admin keys only call the admin API',
  [AuthErrorCode.ModelNotAllowed]: 'The model is not allowed for this key',
};

/** Authentication and model-access refusals. Messages never contain key material. */
export class AuthError extends DomainError<AuthErrorCode> {
  /**
   * The principal of a key we issued that is refused (revoked, expired), so the refusal is
   * attributed to its organisation; never shown to the caller, never serialised (not enumerable).
   */
  declare readonly keyPrincipal?: Principal;

  constructor(code: AuthErrorCode, message: string = MESSAGES[code], keyPrincipal?: Principal) {
    super(code, message, CATEGORY[code]);
    if (keyPrincipal) Object.defineProperty(this, 'keyPrincipal', { value: keyPrincipal, enumerable: false });
  }
}
