import { Controller, Injectable } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EVENTS, requestReceivedEvent, type RequestReceived } from '@ironcage/contracts';
import { busOptions, type BusTestApp, deleteNamespace, requestReceived, sleep, startBusApp, testNamespace, waitFor } from '../testing/bus-test.harness';
import type { JetStreamContext } from './jetstream.context';

jest.setTimeout(60_000);

@Injectable()
class Seen {
  readonly calls: Array<{ handler: string; requestId: string; consumer: string; delivery: number }> = [];
  failAuditOnce = new Set<string>();
  of = (handler: string, requestId: string) => this.calls.filter((c) => c.handler === handler && c.requestId === requestId);
}

@Controller()
class AuditHandlers {
  constructor(private readonly seen: Seen) {}

  @EventPattern(EVENTS.requestReceived, { backoffMs: 50, backoffMaxMs: 100 })
  async record(@Payload() data: RequestReceived, @Ctx() ctx: JetStreamContext): Promise<void> {
    this.seen.calls.push({ handler: 'record', requestId: data.requestId, consumer: ctx.getConsumer(), delivery: ctx.getDeliveryCount() });
    if (this.seen.failAuditOnce.delete(data.requestId)) throw new Error('audit store unavailable');
  }

  @EventPattern(EVENTS.requestReceived)
  async count(@Payload() data: RequestReceived, @Ctx() ctx: JetStreamContext): Promise<void> {
    this.seen.calls.push({ handler: 'count', requestId: data.requestId, consumer: ctx.getConsumer(), delivery: ctx.getDeliveryCount() });
  }
}

@Controller()
class AlertHandlers {
  constructor(private readonly seen: Seen) {}

  @EventPattern(EVENTS.requestReceived, { group: 'alerts' })
  async evaluate(@Payload() data: RequestReceived, @Ctx() ctx: JetStreamContext): Promise<void> {
    this.seen.calls.push({ handler: 'evaluate', requestId: data.requestId, consumer: ctx.getConsumer(), delivery: ctx.getDeliveryCount() });
  }
}

describe('JetStreamServer with several handlers of one subject', () => {
  const namespace = testNamespace();
  let svc: BusTestApp;
  let seen: Seen;

  beforeAll(async () => {
    svc = await startBusApp({ options: busOptions(namespace), controllers: [AuditHandlers, AlertHandlers], providers: [Seen] });
    seen = svc.app.get(Seen);
  });

  afterAll(async () => {
    await svc?.close();
    await deleteNamespace(namespace);
  });

  it('gives a handler with a group a durable consumer of its own, and keeps ungrouped handlers on the shared one', async () => {
    const consumers: string[] = [];
    for await (const c of svc.connection.jsm.consumers.list(svc.connection.naming.stream(requestReceivedEvent.stream))) consumers.push(c.name);
    expect(consumers.sort()).toEqual(['observability-alerts__request_received', 'observability__request_received']);

    const event = requestReceived();
    await svc.publisher.publish(requestReceivedEvent, event, { orgId: 'org-1' });
    await waitFor(() => ['record', 'count', 'evaluate'].every((h) => seen.of(h, event.requestId).length > 0), 20_000, 'all three handlers');
    expect(seen.of('record', event.requestId)[0].consumer).toBe('observability__request_received');
    expect(seen.of('count', event.requestId)[0].consumer).toBe('observability__request_received');
    expect(seen.of('evaluate', event.requestId)[0].consumer).toBe('observability-alerts__request_received');
  });

  it('retries a failure on its own consumer only: the grouped handler sees the event once', async () => {
    const event = requestReceived();
    seen.failAuditOnce.add(event.requestId);
    await svc.publisher.publish(requestReceivedEvent, event, { orgId: 'org-1' });
    await waitFor(() => seen.of('record', event.requestId).some((c) => c.delivery === 2), 20_000, 'the redelivery to the audit handlers');
    await sleep(300);
    expect(seen.of('evaluate', event.requestId)).toHaveLength(1);
    // handlers chained on one consumer are redelivered together, as Nest runs them
    expect(seen.of('count', event.requestId).map((c) => c.delivery)).toEqual([1, 2]);
  });
});
