import { DomainError, type ErrorCategory, type ErrorDetail } from '@ironcage/kit';

export enum ErrorsErrorCode {
  GroupNotFound = 'error_group_not_found',
  InvalidCursor = 'errors_invalid_cursor',
}

const CATEGORY: Record<ErrorsErrorCode, ErrorCategory> = {
  [ErrorsErrorCode.GroupNotFound]: 'not_found',
  [ErrorsErrorCode.InvalidCursor]: 'invalid',
};

/** Every failure of error tracking's own making; transports map its category. */
export class ErrorsError extends DomainError<ErrorsErrorCode> {
  constructor(code: ErrorsErrorCode, message: string, details?: ErrorDetail[]) {
    super(code, message, CATEGORY[code], details);
  }
}
