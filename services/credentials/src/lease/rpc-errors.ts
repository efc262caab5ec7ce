import { RpcError } from '@ironcage/bus';
import { RpcErrorCode } from '@ironcage/contracts';
import { DomainError, type ErrorCategory } from '@ironcage/kit';

const RPC_CODE_BY_CATEGORY: Record<ErrorCategory, RpcErrorCode> = {
  invalid: RpcErrorCode.InvalidRequest,
  unauthenticated: RpcErrorCode.Forbidden,
  forbidden: RpcErrorCode.Forbidden,
  not_found: RpcErrorCode.NotFound,
  conflict: RpcErrorCode.Conflict,
  too_large: RpcErrorCode.InvalidRequest,
  limit: RpcErrorCode.LimitExceeded,
  unavailable: RpcErrorCode.Unavailable,
  timeout: RpcErrorCode.Timeout,
  internal: RpcErrorCode.Internal,
};

/**
 * The NATS RPC mapper for domain errors (the kit has HTTP and Temporal mappers only): the category
 * becomes the `Ironcage-Error-Code`, the domain code travels in `details.code`. Anything else is
 * rethrown for the transport to answer as `internal` with an error id.
 */
export async function withRpcErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DomainError) throw new RpcError(RPC_CODE_BY_CATEGORY[e.category], e.message, { code: e.code });
    throw e;
  }
}
