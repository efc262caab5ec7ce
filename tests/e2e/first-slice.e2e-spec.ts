import { randomUUID } from 'node:crypto';
import type { BusConnection } from '@ironcage/bus';
import { ENVELOPE_SPEC_VERSION, EVENTS, HEADERS, STREAMS, type Envelope, type RequestReceived } from '@ironcage/contracts';
import { waitFor, type ServiceProcess } from '@ironcage/testing';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { getJson, isolatedStack, newTraceparent } from './stack';

interface AuditPage {
  entries: { eventId: string; traceId: string | null; action: string; source: string; data: Record<string, unknown> }[];
  nextCursor: string | null;
}

describe('the first slice through the bus: gateway → request.received → observability', () => {
  const stack = isolatedStack('slice');
  let gateway: ServiceProcess;
  let observability: ServiceProcess;
  let bus: BusConnection;
  const auth = () => ({ authorization: `Bearer ${stack.adminKey}` });
  const observabilityEnv = stack.envFor('observability');

  const entriesFor = async (query: string) =>
    (await getJson<AuditPage>(`${observability.url}/v1/audit/entries?orgId=demo&${query}`, auth())).body.entries;

  beforeAll(async () => {
    [gateway, observability] = await Promise.all([stack.start('gateway'), stack.start('observability', observabilityEnv)]);
    bus = await stack.bus();
  });

  afterAll(async () => {
    await bus?.close();
    await stack.teardown();
  });

  it('records an authenticated gateway request once, under the trace id the caller sent', async () => {
    const { traceparent, traceId } = newTraceparent();
    const res = await getJson<{ requestId: string; traceId: string }>(`${gateway.url}/v1/whoami`, { ...auth(), traceparent });
    expect(res.status).toBe(200);
    expect(res.body.traceId).toBe(traceId);

    const entries = await waitFor(async () => {
      const e = await entriesFor(`traceId=${traceId}`);
      return e.length > 0 && e;
    }, 'the audit entry');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: EVENTS.requestReceived, source: 'gateway', traceId });
    expect(entries[0].data).toMatchObject({ requestId: res.body.requestId, endpoint: '/v1/whoami', status: 200 });
  });

  it('refuses a request without a valid key and publishes nothing for it', async () => {
    const { traceparent, traceId } = newTraceparent();
    const res = await getJson<{ error: { code: string } }>(`${gateway.url}/v1/whoami`, { authorization: 'Bearer nope', traceparent });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_credentials');
    // a later, valid request is recorded, so if the refused one had been published it would be too
    const ok = newTraceparent();
    await getJson(`${gateway.url}/v1/whoami`, { ...auth(), traceparent: ok.traceparent });
    await waitFor(async () => (await entriesFor(`traceId=${ok.traceId}`)).length === 1, 'the valid request');
    expect(await entriesFor(`traceId=${traceId}`)).toEqual([]);
  });

  it('dead-letters a malformed request.received with the reason, and keeps consuming', async () => {
    const h = natsHeaders();
    h.set(HEADERS.msgId, randomUUID());
    h.set('x-origin', 'e2e');
    await bus.js.publish(bus.naming.subject(EVENTS.requestReceived), '{"id": "half an envelope"', { headers: h });

    const dead = await waitFor(async () => {
      const m = await bus.jsm.streams
        .getMessage(bus.naming.stream(STREAMS.deadLetters.name), { last_by_subj: bus.naming.deadLetterSubject(EVENTS.requestReceived) })
        .catch(() => null);
      return m ?? undefined;
    }, 'the dead letter');
    expect(dead.header.get(HEADERS.deadLetterReason)).toMatch(/JSON/i);
    expect(dead.header.get(HEADERS.deadLetterSubject)).toBe(EVENTS.requestReceived);
    expect(dead.header.get('x-origin')).toBe('e2e');
    expect(dead.string()).toBe('{"id": "half an envelope"');

    const { traceparent, traceId } = newTraceparent();
    await getJson(`${gateway.url}/v1/whoami`, { ...auth(), traceparent });
    await waitFor(async () => (await entriesFor(`traceId=${traceId}`)).length === 1, 'the next event after the poison one');
  });

  it('records a redelivered event once', async () => {
    const { traceparent, traceId } = newTraceparent();
    const envelope: Envelope<RequestReceived> = {
      id: randomUUID(),
      type: EVENTS.requestReceived,
      specversion: ENVELOPE_SPEC_VERSION,
      dataversion: 1,
      source: 'gateway',
      time: new Date().toISOString(),
      orgId: 'demo',
      traceparent,
      data: { requestId: randomUUID(), principal: { keyId: 'k1' }, endpoint: '/v1/whoami', method: 'GET', status: 200, latencyMs: 1 },
    };
    // Two copies under different message ids get past JetStream's de-duplication, as a redelivery would.
    for (let copy = 0; copy < 2; copy++) {
      const h = natsHeaders();
      h.set(HEADERS.msgId, `${envelope.id}-copy-${copy}`);
      await bus.js.publish(bus.naming.subject(EVENTS.requestReceived), JSON.stringify(envelope), { headers: h });
    }
    await waitFor(async () => (await entriesFor(`traceId=${traceId}`)).length > 0, 'the entry');
    // let the second copy be consumed too before counting
    const marker = newTraceparent();
    await getJson(`${gateway.url}/v1/whoami`, { ...auth(), traceparent: marker.traceparent });
    await waitFor(async () => (await entriesFor(`traceId=${marker.traceId}`)).length === 1, 'a later event');
    expect(await entriesFor(`traceId=${traceId}`)).toHaveLength(1);
  });

  it('loses nothing published while observability is down: all of it is recorded after a restart', async () => {
    const stopped = await observability.stop('SIGTERM');
    expect(stopped.code).toBe(0);

    const traces = Array.from({ length: 25 }, () => newTraceparent());
    for (const t of traces) {
      const res = await getJson(`${gateway.url}/v1/whoami`, { ...auth(), traceparent: t.traceparent });
      expect(res.status).toBe(200);
    }

    observability = await stack.start('observability', observabilityEnv);
    for (const t of traces) {
      await waitFor(async () => (await entriesFor(`traceId=${t.traceId}`)).length === 1, `entry for ${t.traceId}`);
    }
  });
});
