import { DomainError, type ErrorCategory } from '@ironcage/kit';

export enum AccessErrorCode {
  AccessRequestNotFound = 'access_request_not_found',
  AccessRequestDecided = 'access_request_decided',
  ModelAlreadyAllowed = 'model_already_allowed',
  PatternDoesNotMatch = 'pattern_does_not_match',
}

const CATEGORY: Record<AccessErrorCode, ErrorCategory> = {
  [AccessErrorCode.AccessRequestNotFound]: 'not_found',
  [AccessErrorCode.AccessRequestDecided]: 'conflict',
  [AccessErrorCode.ModelAlreadyAllowed]: 'conflict',
  [AccessErrorCode.PatternDoesNotMatch]: 'invalid',
};

export class AccessError extends DomainError<AccessErrorCode> {
  constructor(code: AccessErrorCode, message: string) {
    super(code, message, CATEGORY[code]);
  }

  static notFound(id: string): AccessError {
    return new AccessError(AccessErrorCode.AccessRequestNotFound, `No access request ${id}`);
  }
}
