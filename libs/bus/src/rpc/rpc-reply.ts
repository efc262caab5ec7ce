import { HEADERS, RpcErrorCode } from '@ironcage/contracts';
import { headers as natsHeaders, type Msg, type MsgHdrs } from '@nats-io/nats-core';
import { isRpcErrorCode, RpcError } from '../errors/rpc.error';

/** Body of an error reply; the code and message are also in the `Ironcage-Error-*` headers. */
export interface RpcErrorBody {
  error: { code: RpcErrorCode; message: string; details?: Record<string, unknown> };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').slice(0, 1024);

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value ?? null));
}

export function encodeErrorReply(error: RpcError): { headers: MsgHdrs; body: Uint8Array } {
  const headers = natsHeaders();
  headers.set(HEADERS.errorCode, error.code);
  headers.set(HEADERS.errorMessage, oneLine(error.message));
  const body: RpcErrorBody = { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
  return { headers, body: encodeJson(body) };
}

/** The `RpcError` carried by a reply, or undefined when the reply is a success. */
export function decodeErrorReply(msg: Msg): RpcError | undefined {
  const code = msg.headers?.get(HEADERS.errorCode);
  if (!code) return undefined;
  let body: Partial<RpcErrorBody> | undefined;
  try {
    body = JSON.parse(decoder.decode(msg.data)) as Partial<RpcErrorBody>;
  } catch {
    body = undefined;
  }
  const message = body?.error?.message ?? msg.headers?.get(HEADERS.errorMessage) ?? code;
  return new RpcError(isRpcErrorCode(code) ? code : RpcErrorCode.Internal, message, body?.error?.details);
}
