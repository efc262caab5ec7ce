import { RpcError } from '@ironcage/bus';
import { RpcErrorCode } from '@ironcage/contracts';
import { DomainError, type ErrorCategory } from '@ironcage/kit';

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

/**
 * The NATS RPC mapper for domain errors (the kit maps HTTP and Temporal only): the category becomes
 * the `Ironcage-Error-Code`, the domain code travels in `details.code`.
 */
export async function asRpc<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof DomainError) throw new RpcError(RPC_CODE[e.category], e.message, { code: e.code, ...(e.details ? { details: e.details } : {}) });
    throw e;
  }
}
