import { RpcException } from '@nestjs/microservices';
import { RpcErrorCode } from '@ironcage/contracts';

/**
 * A failure an RPC handler reports to its caller, or a caller receives: the code travels in the
 * `Ironcage-Error-Code` header and comes back as the same `RpcError` on the calling side.
 * Extends Nest's `RpcException` so it passes Nest's default exception filter unchanged.
 */
export class RpcError extends RpcException {
  override readonly name = 'RpcError';

  constructor(
    readonly code: RpcErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  override getError(): object {
    return this;
  }
}

const CODES = new Set<string>(Object.values(RpcErrorCode));
export const isRpcErrorCode = (code: string): code is RpcErrorCode => CODES.has(code);
