import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { SpanKind, trace } from '@opentelemetry/api';
import { HEADERS, platformPingRpc, RPC, RpcErrorCode } from '@ironcage/contracts';
import { RpcError } from '../errors/rpc.error';
import type { NatsRpcContext } from '../server/nats-rpc.context';
import { busOptions, type BusTestApp, CapturingLogger, deleteNamespace, startBusApp, testNamespace, waitFor } from '../testing/bus-test.harness';
import { installTestTracing } from '../testing/test-tracing';

jest.setTimeout(30_000);
const exporter = installTestTracing();

let handlerTraceId: string | undefined;

@Controller()
class PingController {
  @MessagePattern(RPC.platformPing)
  async ping(@Payload() request: { from: string }, @Ctx() ctx: NatsRpcContext): Promise<unknown> {
    handlerTraceId = trace.getActiveSpan()?.spanContext().traceId;
    switch (request.from) {
      case 'not-found':
        throw new RpcError(RpcErrorCode.NotFound, 'no such agent', { agentId: 'a-1' });
      case 'crash':
        throw new Error('pg: password authentication failed for user "budget"');
      case 'slow':
        await new Promise((r) => setTimeout(r, 1500));
        return { service: 'slow', version: '1', time: new Date().toISOString() };
      case 'bad-response':
        return { service: 'observability' };
      default:
        return { service: 'observability', version: `1.0.0 (${ctx.getSubject()})`, time: new Date().toISOString() };
    }
  }
}

describe('RPC over the bus', () => {
  const namespace = testNamespace();
  const logger = new CapturingLogger();
  let bus: BusTestApp;

  beforeAll(async () => {
    bus = await startBusApp({ options: busOptions(namespace, 'observability'), controllers: [PingController], logger });
  });

  afterAll(async () => {
    await bus?.close();
    await deleteNamespace(namespace);
  });

  const callError = (promise: Promise<unknown>): Promise<RpcError> =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (err: unknown) => {
        expect(err).toBeInstanceOf(RpcError);
        return err as RpcError;
      },
    );

  it('answers a valid request with the handler result, validated by the contract', async () => {
    const reply = await bus.rpc.call(platformPingRpc, { from: 'test' });
    expect(reply).toEqual({ service: 'observability', version: '1.0.0 (platform.ping)', time: expect.any(String) });
  });

  it('answers invalid_request, naming the field, when the request breaks the contract', async () => {
    const reply = await bus.connection.nc.request(bus.connection.naming.subject(RPC.platformPing), JSON.stringify({ from: 7 }), { timeout: 1000 });
    expect(reply.headers?.get(HEADERS.errorCode)).toBe('invalid_request');
    expect(reply.headers?.get(HEADERS.errorMessage)).toMatch(/^platform.ping request is invalid: from: /);
    expect(reply.json()).toEqual({ error: { code: 'invalid_request', message: expect.stringMatching(/^platform.ping request is invalid: from: /) } });
  });

  it('answers invalid_request when the request is not JSON', async () => {
    const reply = await bus.connection.nc.request(bus.connection.naming.subject(RPC.platformPing), '{nope', { timeout: 1000 });
    expect(reply.headers?.get(HEADERS.errorCode)).toBe('invalid_request');
    expect(reply.headers?.get(HEADERS.errorMessage)).toBe('platform.ping request is not valid UTF-8 JSON');
  });

  it('refuses to send a request that breaks the contract, before it leaves the caller', async () => {
    const err = await callError(bus.rpc.call(platformPingRpc, { from: '' }));
    expect(err.code).toBe(RpcErrorCode.InvalidRequest);
    expect(err.message).toMatch(/^platform.ping request is invalid: from: /);
  });

  it('carries an RpcError from the handler to the caller with its code, message and details', async () => {
    const err = await callError(bus.rpc.call(platformPingRpc, { from: 'not-found' }));
    expect(err).toMatchObject({ code: RpcErrorCode.NotFound, message: 'no such agent', details: { agentId: 'a-1' } });
  });

  it('answers internal with an error id for an unexpected error, logging the real error under that id only', async () => {
    const err = await callError(bus.rpc.call(platformPingRpc, { from: 'crash' }));
    expect(err.code).toBe(RpcErrorCode.Internal);
    expect(err.message).toMatch(/^internal error \(error id [0-9a-f-]{36}\)$/);
    expect(err.message).not.toContain('password');
    const errorId = (err.details as { errorId: string }).errorId;
    expect(err.message).toContain(errorId);
    const logged = logger.entries.find((e) => e.level === 'error' && (e.message as { errorId?: string }).errorId === errorId);
    expect(logged?.message).toMatchObject({ subject: RPC.platformPing, error: 'pg: password authentication failed for user "budget"' });
  });

  it('answers internal when the handler returns a response that breaks the contract', async () => {
    const err = await callError(bus.rpc.call(platformPingRpc, { from: 'bad-response' }));
    expect(err.code).toBe(RpcErrorCode.Internal);
    expect(err.message).not.toContain('version');
  });

  it('fails with timeout when the answer does not come within the deadline', async () => {
    const err = await callError(bus.rpc.call(platformPingRpc, { from: 'slow' }, { timeoutMs: 200 }));
    expect(err).toMatchObject({ code: RpcErrorCode.Timeout, message: 'platform.ping did not answer within 200 ms' });
  });

  it('fails with no_responders when no service answers the subject', async () => {
    const other = await startBusApp({ options: busOptions(testNamespace(), 'gateway', { provisionStreams: false }) });
    try {
      const err = await callError(other.rpc.call(platformPingRpc, { from: 'test' }));
      expect(err).toMatchObject({ code: RpcErrorCode.NoResponders, message: 'no service answers platform.ping' });
    } finally {
      await other.close();
    }
  });

  it('runs the handler inside the trace of the caller, in a server span', async () => {
    const traceId = await trace.getTracer('test').startActiveSpan('gateway request', async (span) => {
      await bus.rpc.call(platformPingRpc, { from: 'test' });
      span.end();
      return span.spanContext().traceId;
    });
    expect(handlerTraceId).toBe(traceId);
    const serverSpan = await waitFor(() => exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER && s.spanContext().traceId === traceId));
    expect(serverSpan.name).toBe('process platform.ping');
    expect(serverSpan.attributes['messaging.system']).toBe('nats');
  });
});
