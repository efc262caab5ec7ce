import { Controller, Injectable } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { SpanKind, trace } from '@opentelemetry/api';
import { EVENTS, HEADERS, requestReceivedEvent, type RequestReceived, STREAMS } from '@ironcage/contracts';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { PermanentEventError } from '../errors/permanent-event.error';
import {
  busOptions,
  type BusTestApp,
  deadLetters,
  deleteNamespace,
  requestReceived,
  sleep,
  startBusApp,
  testNamespace,
  waitFor,
  waitForDeadLetter,
} from '../testing/bus-test.harness';
import { installTestTracing } from '../testing/test-tracing';
import type { JetStreamContext } from './jetstream.context';

jest.setTimeout(30_000);
const exporter = installTestTracing();

interface Call {
  data: RequestReceived;
  envelopeId: string;
  orgId: string;
  source: string;
  deliveryCount: number;
  streamSequence: number;
  subject: string;
  consumer: string;
  traceId?: string;
}

/** Per-event behaviour keyed by requestId, so tests sharing the consumer never see each other's events. */
@Injectable()
class Probe {
  readonly calls: Call[] = [];
  readonly behaviours = new Map<string, (call: Call) => Promise<void> | void>();
  callsFor = (requestId: string): Call[] => this.calls.filter((c) => c.data.requestId === requestId);
}

@Controller()
class RequestsController {
  constructor(private readonly probe: Probe) {}

  @EventPattern(EVENTS.requestReceived, { maxDeliver: 3, backoffMs: 50, backoffMaxMs: 200, ackWaitMs: 1000 })
  async onRequestReceived(@Payload() data: RequestReceived, @Ctx() ctx: JetStreamContext): Promise<void> {
    const envelope = ctx.getEnvelope();
    const call: Call = {
      data,
      envelopeId: envelope.id,
      orgId: envelope.orgId,
      source: envelope.source,
      deliveryCount: ctx.getDeliveryCount(),
      streamSequence: ctx.getStreamSequence(),
      subject: ctx.getSubject(),
      consumer: ctx.getConsumer(),
      traceId: trace.getActiveSpan()?.spanContext().traceId,
    };
    this.probe.calls.push(call);
    await this.probe.behaviours.get(data.requestId)?.(call);
  }
}

describe('JetStreamServer events', () => {
  const namespace = testNamespace();
  let bus: BusTestApp;
  let probe: Probe;

  beforeAll(async () => {
    bus = await startBusApp({ options: busOptions(namespace, 'observability'), controllers: [RequestsController], providers: [Probe] });
    probe = bus.app.get(Probe);
  });

  afterAll(async () => {
    await bus?.close();
    await deleteNamespace(namespace);
  });

  const publishRaw = async (payload: string | Uint8Array, headers: Record<string, string> = {}): Promise<number> => {
    const h = natsHeaders();
    for (const [k, v] of Object.entries(headers)) h.set(k, v);
    const ack = await bus.connection.js.publish(bus.connection.naming.subject(EVENTS.requestReceived), payload, { headers: h });
    return ack.seq;
  };

  it('delivers a published event to its handler with validated data and the full envelope', async () => {
    const data = requestReceived();
    const { id, seq } = await bus.publisher.publish(requestReceivedEvent, data, { orgId: 'org-1' });
    const [call] = await waitFor(() => probe.callsFor(data.requestId).length > 0 && probe.callsFor(data.requestId));
    expect(call).toMatchObject({
      data,
      envelopeId: id,
      orgId: 'org-1',
      source: 'observability',
      deliveryCount: 1,
      streamSequence: seq,
      subject: EVENTS.requestReceived,
      consumer: 'observability__request_received',
    });
  });

  it('provisions one durable pull consumer per handler: explicit ack, namespaced filter, from the start', async () => {
    const info = await bus.connection.jsm.consumers.info(bus.connection.naming.stream('REQUESTS'), 'observability__request_received');
    expect(info.config).toMatchObject({
      durable_name: 'observability__request_received',
      ack_policy: 'explicit',
      deliver_policy: 'all',
      filter_subject: `${namespace}.request.received`,
      ack_wait: 1_000_000_000,
    });
  });

  it('dead-letters a payload that is not JSON, with the reason and the original bytes and headers', async () => {
    const seq = await publishRaw('{"requestId": "oops', { 'x-case': 'not-json', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    const dead = await waitForDeadLetter(bus.connection, EVENTS.requestReceived, (m) => m.headers?.get('x-case') === 'not-json');
    expect(dead.string()).toBe('{"requestId": "oops');
    expect(dead.headers?.get('traceparent')).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(dead.headers?.get(HEADERS.deadLetterReason)).toBe('payload is not valid UTF-8 JSON (19 bytes)');
    expect(dead.headers?.get(HEADERS.deadLetterSubject)).toBe(EVENTS.requestReceived);
    expect(dead.headers?.get(HEADERS.deadLetterStream)).toBe(bus.connection.naming.stream('REQUESTS'));
    expect(dead.headers?.get(HEADERS.deadLetterSequence)).toBe(String(seq));
    expect(dead.headers?.get(HEADERS.deadLetterDeliveries)).toBe('1');
    expect(dead.headers?.get(HEADERS.deadLetterConsumer)).toBe('observability__request_received');
    expect(dead.subject).toBe(`${namespace}.dlq.request.received`);
  });

  it('dead-letters an event whose envelope is incomplete, naming the missing fields', async () => {
    await publishRaw(JSON.stringify({ id: 'e-1', type: EVENTS.requestReceived, data: requestReceived() }), { 'x-case': 'bad-envelope' });
    const dead = await waitForDeadLetter(bus.connection, EVENTS.requestReceived, (m) => m.headers?.get('x-case') === 'bad-envelope');
    const reason = dead.headers?.get(HEADERS.deadLetterReason);
    expect(reason).toMatch(/^envelope is invalid: /);
    expect(reason).toContain('specversion');
    expect(reason).toContain('orgId');
  });

  it('dead-letters an event whose data breaks its contract, with the reason', async () => {
    const data = { ...requestReceived(), status: 42, principal: {} };
    const envelope = { id: 'e-2', type: EVENTS.requestReceived, specversion: '1.0', dataversion: 1, source: 'gateway', time: new Date().toISOString(), orgId: 'org-1', data };
    await publishRaw(JSON.stringify(envelope), { 'x-case': 'bad-data' });
    const dead = await waitForDeadLetter(bus.connection, EVENTS.requestReceived, (m) => m.headers?.get('x-case') === 'bad-data');
    const reason = dead.headers?.get(HEADERS.deadLetterReason);
    expect(reason).toMatch(/^data breaks the request.received v1 contract: /);
    expect(reason).toContain('data.principal.keyId');
    expect(reason).toContain('data.status');
    expect(JSON.parse(dead.string())).toEqual(envelope);
    expect(probe.calls.find((c) => c.data.requestId === data.requestId)).toBeUndefined();
  });

  it('retries an event whose handler fails for a while, with backoff, until it succeeds', async () => {
    const data = requestReceived();
    probe.behaviours.set(data.requestId, (call) => {
      if (call.deliveryCount < 3) throw new Error('database briefly unavailable');
    });
    await bus.publisher.publish(requestReceivedEvent, data, { orgId: 'org-1' });
    await waitFor(() => probe.callsFor(data.requestId).length === 3, 10_000, 'three deliveries');
    await sleep(300);
    const calls = probe.callsFor(data.requestId);
    expect(calls.map((c) => c.deliveryCount)).toEqual([1, 2, 3]);
    expect(await deadLetters(bus.connection, EVENTS.requestReceived).then((d) => d.filter((m) => m.string().includes(data.requestId)))).toHaveLength(0);
  });

  it('dead-letters an event whose handler keeps failing once maxDeliver is reached, with the error', async () => {
    const data = requestReceived();
    probe.behaviours.set(data.requestId, () => {
      throw new Error('ledger rejected the entry');
    });
    const { seq } = await bus.publisher.publish(requestReceivedEvent, data, { orgId: 'org-1' });
    const dead = await waitForDeadLetter(bus.connection, EVENTS.requestReceived, (m) => m.headers?.get(HEADERS.deadLetterSequence) === String(seq));
    expect(probe.callsFor(data.requestId).map((c) => c.deliveryCount)).toEqual([1, 2, 3]);
    expect(dead.headers?.get(HEADERS.deadLetterReason)).toBe('handler failed on delivery 3 of 3: ledger rejected the entry');
    expect(dead.headers?.get(HEADERS.deadLetterDeliveries)).toBe('3');
    expect(JSON.parse(dead.string()).data).toEqual(data);
    await sleep(500);
    expect(probe.callsFor(data.requestId)).toHaveLength(3);
  });

  it('dead-letters at once an event whose handler throws PermanentEventError', async () => {
    const data = requestReceived();
    probe.behaviours.set(data.requestId, () => {
      throw new PermanentEventError('key key-1 does not exist');
    });
    const { seq } = await bus.publisher.publish(requestReceivedEvent, data, { orgId: 'org-1' });
    const dead = await waitForDeadLetter(bus.connection, EVENTS.requestReceived, (m) => m.headers?.get(HEADERS.deadLetterSequence) === String(seq));
    expect(dead.headers?.get(HEADERS.deadLetterReason)).toBe('permanent failure: key key-1 does not exist');
    expect(dead.headers?.get(HEADERS.deadLetterDeliveries)).toBe('1');
    await sleep(300);
    expect(probe.callsFor(data.requestId)).toHaveLength(1);
  });

  it('keeps a handler that runs longer than ack wait from being redelivered meanwhile', async () => {
    const data = requestReceived();
    let finished = false;
    probe.behaviours.set(data.requestId, async () => {
      await sleep(2500);
      finished = true;
    });
    await bus.publisher.publish(requestReceivedEvent, data, { orgId: 'org-1' });
    await waitFor(() => finished, 10_000, 'the slow handler');
    await sleep(1200);
    expect(probe.callsFor(data.requestId).map((c) => c.deliveryCount)).toEqual([1]);
  });

  it('runs the handler inside the trace of the publisher, in a consumer span', async () => {
    const data = requestReceived();
    const traceId = await trace.getTracer('test').startActiveSpan('gateway request', async (span) => {
      await bus.publisher.publish(requestReceivedEvent, data, { orgId: 'org-1' });
      span.end();
      return span.spanContext().traceId;
    });
    const [call] = await waitFor(() => probe.callsFor(data.requestId).length > 0 && probe.callsFor(data.requestId));
    expect(call!.traceId).toBe(traceId);
    const consumerSpan = await waitFor(() =>
      exporter.getFinishedSpans().find((s) => s.kind === SpanKind.CONSUMER && s.spanContext().traceId === traceId),
    );
    expect(consumerSpan.name).toBe('process request.received');
    expect(consumerSpan.attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.destination.name': `${namespace}.request.received`,
      'messaging.message.id': call!.envelopeId,
    });
    const producerSpan = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.PRODUCER && s.spanContext().traceId === traceId);
    expect(producerSpan?.name).toBe('send request.received');
  });

  it('continues the trace carried only in the envelope when headers have none', async () => {
    const data = requestReceived();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const envelope = { id: 'e-3', type: EVENTS.requestReceived, specversion: '1.0', dataversion: 1, source: 'gateway', time: new Date().toISOString(), orgId: 'org-1', traceparent, data };
    await publishRaw(JSON.stringify(envelope));
    const [call] = await waitFor(() => probe.callsFor(data.requestId).length > 0 && probe.callsFor(data.requestId));
    expect(call!.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });
});

describe('JetStreamServer events when the dead-letter stream is unavailable', () => {
  const namespace = testNamespace();
  let bus: BusTestApp;

  beforeAll(async () => {
    bus = await startBusApp({ options: busOptions(namespace, 'observability'), controllers: [RequestsController], providers: [Probe] });
  });

  afterAll(async () => {
    await bus?.close();
    await deleteNamespace(namespace);
  });

  it('keeps a poison event until it can be parked, instead of dropping it', async () => {
    const { connection } = bus;
    await connection.jsm.streams.delete(connection.naming.stream(STREAMS.deadLetters.name));
    const h = natsHeaders();
    h.set('x-case', 'parked-later');
    const { seq } = await connection.js.publish(connection.naming.subject(EVENTS.requestReceived), 'not json', { headers: h });

    const consumer = () => connection.jsm.consumers.info(connection.naming.stream('REQUESTS'), 'observability__request_received');
    await waitFor(async () => (await consumer()).num_redelivered > 0, 10_000, 'the event to be redelivered');
    expect((await consumer()).ack_floor.stream_seq).toBeLessThan(seq);

    await connection.provisionStreams([STREAMS.deadLetters]);
    const dead = await waitForDeadLetter(connection, EVENTS.requestReceived, (m) => m.headers?.get('x-case') === 'parked-later');
    expect(Number(dead.headers?.get(HEADERS.deadLetterDeliveries))).toBeGreaterThan(1);
    expect(dead.string()).toBe('not json');
    await waitFor(async () => (await consumer()).ack_floor.stream_seq >= seq, 10_000, 'the event to be terminated');
  });
});
