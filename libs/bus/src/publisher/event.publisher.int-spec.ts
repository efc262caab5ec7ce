import { trace } from '@opentelemetry/api';
import { costIncurredEvent, HEADERS, requestReceivedEvent } from '@ironcage/contracts';
import { BusConnection } from '../connection/bus.connection';
import { EventValidationError } from '../errors/event-validation.error';
import { busOptions, deleteNamespace, requestReceived, testNamespace } from '../testing/bus-test.harness';
import { installTestTracing } from '../testing/test-tracing';
import { EventPublisher } from './event.publisher';

jest.setTimeout(30_000);
installTestTracing();

describe(EventPublisher.name, () => {
  const namespace = testNamespace();
  let connection: BusConnection;
  let publisher: EventPublisher;

  beforeAll(async () => {
    connection = await BusConnection.connect(busOptions(namespace, 'gateway'));
    await connection.provisionStreams();
    publisher = new EventPublisher(connection);
  });

  afterAll(async () => {
    await connection?.close();
    await deleteNamespace(namespace);
  });

  const stored = (seq: number) => connection.jsm.streams.getMessage(connection.naming.stream('REQUESTS'), { seq });

  describe('publish', () => {
    it('stores the event in its namespaced stream, in the platform envelope, with the id as Nats-Msg-Id', async () => {
      const data = requestReceived();
      const time = new Date('2025-06-01T12:00:00.000Z');
      const result = await publisher.publish(requestReceivedEvent, data, { orgId: 'org-7', time });
      expect(result).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), stream: `${namespace.toUpperCase()}_REQUESTS`, seq: expect.any(Number), duplicate: false });

      const msg = await stored(result.seq);
      expect(msg?.subject).toBe(`${namespace}.request.received`);
      expect(msg?.header.get(HEADERS.msgId)).toBe(result.id);
      expect(msg?.json()).toEqual({
        id: result.id,
        type: 'request.received',
        specversion: '1.0',
        dataversion: 1,
        source: 'gateway',
        time: '2025-06-01T12:00:00.000Z',
        orgId: 'org-7',
        // the publish span's trace: every event is attributable to one
        traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
        data,
      });
    });

    it('puts the active trace in the headers and in the envelope', async () => {
      const { seq, traceId } = await trace.getTracer('test').startActiveSpan('request', async (span) => {
        const r = await publisher.publish(requestReceivedEvent, requestReceived(), { orgId: 'org-1' });
        span.end();
        return { seq: r.seq, traceId: span.spanContext().traceId };
      });
      const msg = await stored(seq);
      const traceparent = msg?.header.get(HEADERS.traceparent);
      expect(traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      expect(msg?.json<{ traceparent: string }>().traceparent).toBe(traceparent);
    });

    it('stores an event published twice with the same id once, and says the second was a duplicate', async () => {
      const data = requestReceived();
      const first = await publisher.publish(requestReceivedEvent, data, { orgId: 'org-1', id: `dup-${data.requestId}` });
      const second = await publisher.publish(requestReceivedEvent, data, { orgId: 'org-1', id: `dup-${data.requestId}` });
      expect(first.duplicate).toBe(false);
      expect(second).toEqual({ ...first, duplicate: true });
    });

    it('refuses data that breaks the contract, naming the field, and stores nothing', async () => {
      const before = (await connection.jsm.streams.info(connection.naming.stream('COSTS'))).state.messages;
      const bad = { requestId: 'r-1', principal: { keyId: 'k' }, model: 'm', provider: 'p', usage: { inputTokens: -1, outputTokens: 0 }, costMicros: 1.5 };
      const error = await publisher.publish(costIncurredEvent, bad as never, { orgId: 'org-1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventValidationError);
      expect((error as EventValidationError).subject).toBe('cost.incurred');
      expect((error as EventValidationError).message).toMatch(/^cost.incurred event is invalid: .*usage\.inputTokens: /);
      expect((await connection.jsm.streams.info(connection.naming.stream('COSTS'))).state.messages).toBe(before);
    });

    it('refuses an envelope it cannot build, such as an empty org id', async () => {
      await expect(publisher.publish(requestReceivedEvent, requestReceived(), { orgId: '' })).rejects.toThrow(/envelope\.orgId: /);
    });
  });

  describe('publishMany', () => {
    it('publishes every event and returns the results in order', async () => {
      const events = Array.from({ length: 5 }, () => ({ contract: requestReceivedEvent, data: requestReceived(), options: { orgId: 'org-1' } }));
      const results = await publisher.publishMany(events);
      const bodies = await Promise.all(results.map((r) => stored(r.seq).then((m) => m?.json<{ data: { requestId: string } }>().data.requestId)));
      expect(bodies).toEqual(events.map((e) => e.data.requestId));
    });
  });
});
