/**
 * What kind of failure a domain error is. Transports map categories, not individual codes:
 * HTTP to a status, NATS RPC to an RpcErrorCode header, Temporal to retryable or not.
 */
export type ErrorCategory =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'limit'
  | 'unavailable'
  | 'timeout'
  | 'internal';

export interface ErrorDetail {
  /** Where the problem is, e.g. `body.messages[2].role` or an environment variable. */
  path?: string;
  message: string;
}

/**
 * Base of every module's exception (`<module>.exception.ts`): a stable string code users can
 * match on, a message safe to show the caller, and a category for the transport mappers.
 * Domain code throws these, never framework HTTP exceptions.
 */
export class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly category: ErrorCategory,
    readonly details?: ErrorDetail[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError<'invalid_request'> {
  constructor(message: string, details: ErrorDetail[]) {
    super('invalid_request', message, 'invalid', details);
  }
}

export const HTTP_STATUS_BY_CATEGORY: Record<ErrorCategory, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  limit: 429,
  unavailable: 503,
  timeout: 504,
  internal: 500,
};

/** Temporal: only transient categories are worth retrying an activity for. */
export const RETRYABLE_CATEGORIES: ReadonlySet<ErrorCategory> = new Set(['unavailable', 'timeout', 'limit', 'internal']);
