/**
 * Error codes a responder may put in the `Ironcage-Error-Code` header of an RPC reply. The caller's
 * bus client maps them back to a typed `RpcError`; a service maps its own domain codes onto these.
 */
export enum RpcErrorCode {
  InvalidRequest = 'invalid_request',
  NotFound = 'not_found',
  Forbidden = 'forbidden',
  Conflict = 'conflict',
  LimitExceeded = 'limit_exceeded',
  Unavailable = 'unavailable',
  Timeout = 'timeout',
  NoResponders = 'no_responders',
  Internal = 'internal',
}

/** Codes after which a retry may succeed. */
export const RETRYABLE_RPC_CODES: ReadonlySet<RpcErrorCode> = new Set([
  RpcErrorCode.Unavailable,
  RpcErrorCode.Timeout,
  RpcErrorCode.NoResponders,
]);
