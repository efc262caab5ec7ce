import { PermanentEventError, RpcError } from '@ironcage/bus';
import { RpcErrorCode } from '@ironcage/contracts';
import { DomainError, type ErrorCategory, RETRYABLE_CATEGORIES } from '@ironcage/kit';

/**
 * The NATS mappers for domain errors (the kit maps them for HTTP and Temporal, not yet for the bus):
 * an RPC caller gets the category as an RpcErrorCode with the message and details; an event that
 * can never succeed is dead-lettered at once instead of being retried.
 */
const RPC_CODE: Record<ErrorCategory, RpcErrorCode> = {
  invalid: RpcErrorCode.InvalidRequest,
  too_large: RpcErrorCode.InvalidRequest,
  unauthenticated: RpcErrorCode.Forbidden,
  forbidden: RpcErrorCode.Forbidden,
  not_found: RpcErrorCode.NotFound,
  conflict: RpcErrorCode.Conflict,
  limit: RpcErrorCode.LimitExceeded,
  unavailable: RpcErrorCode.Unavailable,
  timeout: RpcErrorCode.Timeout,
  internal: RpcErrorCode.Internal,
};

export async function asRpc<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof DomainError) throw new RpcError(RPC_CODE[e.category], e.message, { code: e.code, ...(e.details ? { details: e.details } : {}) });
    throw e;
  }
}

export async function asEventHandler<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof DomainError && !RETRYABLE_CATEGORIES.has(e.category)) {
      throw new PermanentEventError(`${e.code}: ${e.message}${e.details ? ` ${JSON.stringify(e.details)}` : ''}`);
    }
    throw e;
  }
}
