import { DomainError, type ErrorCategory } from '@ironcage/kit';

export enum KeysErrorCode {
  KeyNotFound = 'key_not_found',
  KeyAlreadyRevoked = 'key_already_revoked',
  /** The owner does not fit: user not a member of the team, project of another team, … */
  InvalidKeyOwner = 'invalid_key_owner',
}

const CATEGORY: Record<KeysErrorCode, ErrorCategory> = {
  [KeysErrorCode.KeyNotFound]: 'not_found',
  [KeysErrorCode.KeyAlreadyRevoked]: 'conflict',
  [KeysErrorCode.InvalidKeyOwner]: 'invalid',
};

export class KeysError extends DomainError<KeysErrorCode> {
  constructor(code: KeysErrorCode, message: string) {
    super(code, message, CATEGORY[code]);
  }

  static notFound(keyId: string): KeysError {
    return new KeysError(KeysErrorCode.KeyNotFound, `No key ${keyId}`);
  }
  static alreadyRevoked(keyId: string): KeysError {
    return new KeysError(KeysErrorCode.KeyAlreadyRevoked, `Key ${keyId} is revoked`);
  }
}
