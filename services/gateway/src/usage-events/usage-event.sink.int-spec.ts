import { BusConnection, decodeEvent } from '@ironcage/bus';
import { costIncurredEvent, requestReceivedEvent, STREAMS } from '@ironcage/contracts';
import { testInfra, uniqueNamespace } from '@ironcage/testing';
import type { Principal } from '../auth';
import { RequestRecord } from './request-record';
import { JetStreamUsageSink } from './usage-event.sink';
import { UsageEvents } from './usage-events';

/** What the gateway's lean publisher stores is what every consumer's decoder accepts. */
describe('JetStreamUsageSink against JetStream', () => {
  let bus: BusConnection;
  beforeAll(async () => {
    bus = await BusConnection.connect({ servers: testInfra.natsUrl, service: 'gateway', namespace: uniqueNamespace('sink') });
    await bus.provisionStreams([STREAMS.requests, STREAMS.costs]);
  });
  afterAll(async () => {
    for (const s of [STREAMS.requests, STREAMS.costs]) await bus.jsm.streams.delete(bus.naming.stream(s.name)).catch(() => undefined);
    await bus.close();
  });

  it('stores one envelope per event that passes the consumers’ decoder, de-duplicated on the event id', async () => {
    const principal: Principal = { orgId: 'acme', keyId: 'k1', userId: 'u1', metadata: {}, tags: [] };
    const usage = new UsageEvents(new JetStreamUsageSink(bus, true));
    const record = new RequestRecord(principal, '/v1/chat/completions', 'POST');
    Object.assign(record, { model: 'mock/gpt-4o-mini', provider: 'mock', deployment: 'mock-gpt-4o-mini', pricing: { input: 0.15, output: 0.6 }, costApplies: true, stream: true });
    record.useUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
    usage.finish(record, 200);
    await usage.drain();
    // a retried publication of the same event is stored once
    await new JetStreamUsageSink(bus, true).publish(requestReceivedEvent, { requestId: record.requestId, principal: { keyId: 'k1' }, endpoint: '/x', method: 'POST', status: 200, latencyMs: 1 }, { orgId: 'acme', id: record.requestId });

    const requests = await bus.jsm.streams.info(bus.naming.stream(STREAMS.requests.name));
    expect(requests.state.messages).toBe(1);
    const received = (await bus.jsm.streams.getMessage(bus.naming.stream(STREAMS.requests.name), { seq: requests.state.first_seq }))!;
    const decoded = decodeEvent(received.data, requestReceivedEvent);
    expect(decoded).toMatchObject({ ok: true, envelope: { id: record.requestId, type: 'request.received', source: 'gateway', orgId: 'acme', dataversion: 1 } });
    expect(received.header.get('Nats-Msg-Id')).toBe(record.requestId);

    const costs = await bus.jsm.streams.info(bus.naming.stream(STREAMS.costs.name));
    const cost = (await bus.jsm.streams.getMessage(bus.naming.stream(STREAMS.costs.name), { seq: costs.state.first_seq }))!;
    expect(decodeEvent(cost.data, costIncurredEvent)).toMatchObject({ ok: true, envelope: { data: { requestId: record.requestId, costMicros: 5, priced: true, usage: { inputTokens: 10, outputTokens: 5 } } } });
  });
});
