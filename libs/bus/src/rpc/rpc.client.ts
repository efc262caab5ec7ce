import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { type RpcContract, RpcErrorCode, type RpcResponse } from '@ironcage/contracts';
import { headers as natsHeaders, type Msg, RequestError, TimeoutError } from '@nats-io/nats-core';
import type { z } from 'zod';
import type { BusConnection } from '../connection/bus.connection';
import { errorMessage, formatIssues } from '../errors/issues';
import { RpcError } from '../errors/rpc.error';
import { injectTraceContext, MESSAGING_ATTRIBUTES, tracer } from '../tracing/trace-context';
import { decodeErrorReply, encodeJson } from './rpc-reply';

/** What a caller passes as a request: the schema's input (before defaults apply). */
export type RpcRequestInput<C> = C extends RpcContract<infer Req, z.ZodType> ? z.input<Req> : never;

export interface RpcCallOptions {
  /** Deadline for the answer (default: the contract's `timeoutMs`). */
  timeoutMs?: number;
}

const decoder = new TextDecoder();

/** Calls another service over core NATS request/reply; every failure is an `RpcError` with a code. */
export class RpcClient {
  constructor(private readonly connection: BusConnection) {}

  async call<C extends RpcContract>(contract: C, request: RpcRequestInput<C>, options: RpcCallOptions = {}): Promise<RpcResponse<C>> {
    const parsed = contract.request.safeParse(request);
    if (!parsed.success) {
      throw new RpcError(RpcErrorCode.InvalidRequest, `${contract.subject} request is invalid: ${formatIssues(parsed.error)}`);
    }
    const subject = this.connection.naming.subject(contract.subject);
    const timeout = options.timeoutMs ?? contract.timeoutMs;
    const attributes = {
      [MESSAGING_ATTRIBUTES.system]: 'nats',
      [MESSAGING_ATTRIBUTES.destination]: subject,
      [MESSAGING_ATTRIBUTES.operation]: 'send',
    };

    return tracer().startActiveSpan(`send ${contract.subject}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      try {
        const headers = natsHeaders();
        injectTraceContext(context.active(), headers);
        let reply: Msg;
        try {
          reply = await this.connection.nc.request(subject, encodeJson(parsed.data), { timeout, headers });
        } catch (err) {
          throw this.transportError(contract.subject, timeout, err);
        }
        const remote = decodeErrorReply(reply);
        if (remote) throw remote;
        let body: unknown;
        try {
          body = JSON.parse(decoder.decode(reply.data));
        } catch {
          throw new RpcError(RpcErrorCode.Internal, `${contract.subject} reply is not valid JSON`);
        }
        const response = contract.response.safeParse(body);
        if (!response.success) {
          throw new RpcError(RpcErrorCode.Internal, `${contract.subject} reply breaks its contract: ${formatIssues(response.error)}`);
        }
        return response.data as RpcResponse<C>;
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof RpcError ? err.code : errorMessage(err) });
        throw err;
      } finally {
        span.end();
      }
    });
  }

  private transportError(subject: string, timeout: number, err: unknown): RpcError {
    const cause = err instanceof Error ? err.cause : undefined;
    if (err instanceof TimeoutError || cause instanceof TimeoutError) {
      return new RpcError(RpcErrorCode.Timeout, `${subject} did not answer within ${timeout} ms`);
    }
    if (err instanceof RequestError && err.isNoResponders()) {
      return new RpcError(RpcErrorCode.NoResponders, `no service answers ${subject}`);
    }
    return new RpcError(RpcErrorCode.Unavailable, `${subject} request failed: ${errorMessage(err)}`);
  }
}
