import { DomainError, type ErrorCategory, type ErrorDetail } from '@ironcage/kit';

export enum AuditErrorCode {
  /** A `cursor` that no page of this query returned. */
  InvalidCursor = 'audit_invalid_cursor',
  /** An invalid retention period or purge request. */
  RetentionInvalid = 'retention_invalid',
  /** No retention setting of its own for this org. */
  RetentionNotFound = 'retention_not_found',
}

const CATEGORY: Record<AuditErrorCode, ErrorCategory> = {
  [AuditErrorCode.InvalidCursor]: 'invalid',
  [AuditErrorCode.RetentionInvalid]: 'invalid',
  [AuditErrorCode.RetentionNotFound]: 'not_found',
};

/** Every failure of the audit trail's own making; transports map its category (HTTP status, Temporal retry). */
export class AuditError extends DomainError<AuditErrorCode> {
  constructor(code: AuditErrorCode, message: string, details?: ErrorDetail[]) {
    super(code, message, CATEGORY[code], details);
  }
}
