import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { trace } from '@opentelemetry/api';
import { EVENTS, platformPingRpc, RPC, requestReceivedEvent, type RequestReceived, RpcErrorCode } from '@ironcage/contracts';
import { PermanentEventError } from '../errors/permanent-event.error';
import { RpcError } from '../errors/rpc.error';
import { busOptions, type BusTestApp, deleteNamespace, requestReceived, startBusApp, testNamespace, waitFor, waitForDeadLetter } from '../testing/bus-test.harness';
import { installTestTracing } from '../testing/test-tracing';
import type { HandlerFailure } from './jetstream.server';

jest.setTimeout(30_000);
installTestTracing();

interface Told {
  err: unknown;
  failure: HandlerFailure;
  traceId?: string;
}

@Controller()
class FailingController {
  @EventPattern(EVENTS.requestReceived, { maxDeliver: 2, backoffMs: 50, backoffMaxMs: 100 })
  onRequest(@Payload() data: RequestReceived): void {
    if (data.endpoint === '/permanent') throw new PermanentEventError('never');
    throw new Error(`unexpected for ${data.requestId}`);
  }

  @MessagePattern(RPC.platformPing)
  ping(@Payload() request: { from: string }): never {
    if (request.from === 'domain') throw new RpcError(RpcErrorCode.NotFound, 'no such thing');
    throw new TypeError('cannot read properties of undefined');
  }
}

describe('JetStreamServer handler error listener', () => {
  const namespace = testNamespace();
  const told: Told[] = [];
  let bus: BusTestApp;

  beforeAll(async () => {
    bus = await startBusApp({
      options: busOptions(namespace, 'observability'),
      controllers: [FailingController],
      server: { onHandlerError: (err, failure) => told.push({ err, failure, traceId: trace.getActiveSpan()?.spanContext().traceId }) },
    });
  });

  afterAll(async () => {
    await bus?.close();
    await deleteNamespace(namespace);
  });

  it('is told of an event handler that throws, on every failed delivery, with the org and inside the handler’s trace', async () => {
    const data = requestReceived();
    const traceId = 'a'.repeat(31) + '1';
    await bus.publisher.publish(requestReceivedEvent, data, { orgId: 'org-7', traceparent: `00-${traceId}-${'b'.repeat(16)}-01` });
    await waitForDeadLetter(bus.connection, EVENTS.requestReceived, (m) => m.string().includes(data.requestId));
    const mine = told.filter((t) => (t.err as Error).message === `unexpected for ${data.requestId}`);
    expect(mine.map((t) => t.failure)).toEqual([
      { kind: 'event', subject: EVENTS.requestReceived, orgId: 'org-7' },
      { kind: 'event', subject: EVENTS.requestReceived, orgId: 'org-7' },
    ]);
    expect(mine.map((t) => t.traceId)).toEqual([traceId, traceId]);
  });

  it('is not told of a permanent event failure: the handler meant it', async () => {
    const data = requestReceived({ endpoint: '/permanent' });
    await bus.publisher.publish(requestReceivedEvent, data, { orgId: 'org-7' });
    await waitForDeadLetter(bus.connection, EVENTS.requestReceived, (m) => m.string().includes(data.requestId));
    expect(told.filter((t) => t.err instanceof PermanentEventError)).toEqual([]);
  });

  it('is told of an RPC handler failure with the error id the caller got, and not of an RpcError', async () => {
    await expect(bus.rpc.call(platformPingRpc, { from: 'domain' })).rejects.toMatchObject({ code: RpcErrorCode.NotFound });
    const failed = await bus.rpc.call(platformPingRpc, { from: 'tests' }).catch((e: RpcError) => e);
    expect(failed).toMatchObject({ code: RpcErrorCode.Internal });
    const errorId = (failed as RpcError).details?.errorId;
    const rpc = await waitFor(() => told.filter((t) => t.failure.kind === 'rpc').length > 0 && told.filter((t) => t.failure.kind === 'rpc'));
    expect(rpc).toHaveLength(1);
    expect(rpc[0].err).toBeInstanceOf(TypeError);
    expect(rpc[0].failure).toEqual({ kind: 'rpc', subject: RPC.platformPing, errorId });
  });
});
