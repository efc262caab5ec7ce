import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ENVELOPE_SPEC_VERSION, type ErrorReported, errorReportedEvent, EVENTS, HEADERS } from '@ironcage/contracts';
import type { Msg, Subscription } from '@nats-io/nats-core';
import { dropSchema, uniqueNamespace, uniqueSchema, waitFor } from '@ironcage/testing';
import { observabilityClient, startObservabilityApp } from '../testing/observability-app';

jest.setTimeout(120_000);

type Json = Record<string, unknown>;
const WAIT = 60_000;

interface Group extends Json {
  fingerprint: string;
  count: number;
  status: string;
  firstSeen: string;
  lastSeen: string;
  sampleTraceId: string | null;
  occurrences?: Json[];
}

describe('error tracking, fed over the bus and read over REST', () => {
  const namespace = uniqueNamespace('errors');
  const schema = uniqueSchema('observability');
  const adminKey = `ic-admin-${randomBytes(24).toString('base64url')}`;
  const orgId = `org-err-${randomUUID().slice(0, 6)}`;
  let app: Awaited<ReturnType<typeof startObservabilityApp>>;
  let client: Awaited<ReturnType<typeof observabilityClient>>;
  let deadLetters: Subscription;
  const dead: Msg[] = [];

  const fingerprint = (label: string) => createHash('sha256').update(`${label}-${namespace}`).digest('hex');
  const traceId = () => randomBytes(16).toString('hex');
  const report = (over: Partial<ErrorReported> = {}): ErrorReported => ({
    service: 'budget',
    errorId: randomUUID(),
    name: 'QueryFailedError',
    message: 'relation "budgets" does not exist',
    stack: ['at BudgetRepository.find (services/budget/src/budgets/budget.repository.ts:42:7)'],
    fingerprint: fingerprint('a'),
    where: 'rpc budget.authorize',
    count: 1,
    occurredAt: new Date().toISOString(),
    ...over,
  });
  const publish = (data: ErrorReported, org = orgId) => client.publisher.publish(errorReportedEvent, data, { orgId: org });
  const get = <T = Json>(path: string) => client.http<T>('GET', path);
  const group = async (fp: string, org = orgId) => (await get<Group>(`/v1/errors/${fp}?orgId=${org}`)).body;
  const groupWith = (fp: string, ok: (g: Group) => boolean, what: string, org = orgId) =>
    waitFor(async () => {
      const g = await group(fp, org);
      return g.fingerprint === fp && ok(g) ? g : undefined;
    }, what, WAIT);

  /** The bytes a broker redelivers: the same envelope (same event id) a second time. */
  const publishEnvelope = async (envelope: Json, msgId: string = randomUUID()) => {
    await client.bus.js.publish(client.bus.naming.subject(EVENTS.errorReported), JSON.stringify(envelope), { msgID: msgId });
  };
  const envelopeOf = (data: unknown, id = randomUUID()) => ({
    id,
    type: EVENTS.errorReported,
    specversion: ENVELOPE_SPEC_VERSION,
    dataversion: 1,
    source: 'budget',
    time: new Date().toISOString(),
    orgId,
    data,
  });

  beforeAll(async () => {
    app = await startObservabilityApp({ schema, namespace, adminKey });
    client = await observabilityClient(namespace, app.url, adminKey);
    deadLetters = client.bus.nc.subscribe(client.bus.naming.deadLetterSubject(EVENTS.errorReported));
    void (async () => {
      for await (const m of deadLetters) dead.push(m);
    })();
  });

  afterAll(async () => {
    deadLetters?.unsubscribe();
    await app?.stop();
    if (client) {
      for await (const name of client.bus.jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) await client.bus.jsm.streams.delete(name);
      await client.close();
    }
    await dropSchema(schema);
  });

  it('groups occurrences by fingerprint: counts (rate-limited ones included), first and last seen, the latest sample and trace', async () => {
    const fp = fingerprint('grouped');
    const first = report({ fingerprint: fp, occurredAt: '2026-03-01T10:00:00.000Z', message: 'first', errorId: 'err-1', traceId: traceId() });
    const latestTrace = traceId();
    const latest = report({ fingerprint: fp, occurredAt: '2026-03-01T10:05:00.000Z', message: 'latest', errorId: 'err-3', traceId: latestTrace, count: 3 });
    const between = report({ fingerprint: fp, occurredAt: '2026-03-01T10:02:00.000Z', message: 'between', errorId: 'err-2' });
    await publish(first);
    await publish(latest);
    await publish(between);
    const g = await groupWith(fp, (x) => x.count === 5, 'three reports standing for five occurrences');
    expect(g).toMatchObject({
      orgId,
      service: 'budget',
      name: 'QueryFailedError',
      where: 'rpc budget.authorize',
      message: 'latest',
      stack: latest.stack,
      firstSeen: '2026-03-01T10:00:00.000Z',
      lastSeen: '2026-03-01T10:05:00.000Z',
      sampleTraceId: latestTrace,
      lastErrorId: 'err-3',
      status: 'open',
      resolvedAt: null,
    });
    expect(g.occurrences!.map((o) => [o.errorId, o.count, o.traceId])).toEqual([
      ['err-3', 3, latestTrace],
      ['err-2', 1, null],
      ['err-1', 1, first.traceId],
    ]);
  });

  it('counts a redelivered event once', async () => {
    const fp = fingerprint('redelivered');
    const envelope = envelopeOf(report({ fingerprint: fp, occurredAt: '2026-03-02T00:00:00.000Z' }));
    await publishEnvelope(envelope);
    await publishEnvelope(envelope);
    // a later event on the same durable: once it is in, the duplicate before it has been handled too
    await publish(report({ fingerprint: fp, occurredAt: '2026-03-02T00:01:00.000Z' }));
    await groupWith(fp, (x) => (x.occurrences?.length ?? 0) >= 2, 'the next event handled');
    await waitFor(async () => {
      const info = await client.bus.jsm.consumers.info(client.bus.naming.stream('ERRORS'), 'observability__error_reported');
      return info.num_pending === 0 && info.num_ack_pending === 0;
    }, 'every copy acknowledged', WAIT);
    const g = await group(fp);
    expect(g.count).toBe(2);
    expect(g.occurrences).toHaveLength(2);
  });

  it('dead-letters a malformed report with the reason, and groups nothing from it', async () => {
    const fp = fingerprint('malformed');
    await publishEnvelope(envelopeOf({ ...report({ fingerprint: fp }), stack: 'not frames', fingerprint: 'not-a-hash' }), 'malformed-1');
    const m = await waitFor(() => dead.find((d) => d.headers?.get(HEADERS.deadLetterReason)?.includes('fingerprint')), 'the dead letter', WAIT);
    expect(m.headers?.get(HEADERS.deadLetterReason)).toMatch(/^data breaks the error.reported v1 contract: .*data.fingerprint/);
    expect(m.headers?.get(HEADERS.deadLetterReason)).toContain('stack');
    expect((await get(`/v1/errors/${fp}?orgId=${orgId}`)).status).toBe(404);
  });

  it('resolves a group; an occurrence that happened before stays resolved, a newer one re-opens it', async () => {
    const fp = fingerprint('resolve');
    await publish(report({ fingerprint: fp, occurredAt: '2026-03-03T12:00:00.000Z' }));
    await groupWith(fp, (x) => x.count === 1, 'the group');
    const resolved = await client.http<Group>('POST', `/v1/errors/${fp}/resolve?orgId=${orgId}`);
    expect(resolved).toMatchObject({ status: 200, body: { status: 'resolved', resolvedAt: expect.any(String) } });

    await publish(report({ fingerprint: fp, occurredAt: '2026-03-03T11:00:00.000Z', errorId: 'late' }));
    const late = await groupWith(fp, (x) => x.count === 2, 'the late occurrence');
    expect(late).toMatchObject({ status: 'resolved', lastSeen: '2026-03-03T12:00:00.000Z', firstSeen: '2026-03-03T11:00:00.000Z' });

    await publish(report({ fingerprint: fp, occurredAt: '2026-03-03T13:00:00.000Z', errorId: 'again' }));
    const reopened = await groupWith(fp, (x) => x.count === 3, 'the new occurrence');
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, lastErrorId: 'again', lastSeen: '2026-03-03T13:00:00.000Z' });
  });

  it('lists groups per org, most recently seen first, filtered and paged with a cursor', async () => {
    const org = `org-list-${randomUUID().slice(0, 6)}`;
    const fps = ['l1', 'l2', 'l3', 'l4'].map(fingerprint);
    for (const [i, fp] of fps.entries()) {
      await publish(report({ fingerprint: fp, service: i === 3 ? 'gateway' : 'budget', occurredAt: `2026-03-04T0${i}:00:00.000Z` }), org);
    }
    await publish(report({ fingerprint: fingerprint('other-org') }), `${org}-x`);
    await waitFor(async () => (await get<{ groups: Group[] }>(`/v1/errors?orgId=${org}`)).body.groups.length === 4, 'four groups', WAIT);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { groups: Group[]; nextCursor: string | null } } = await get(`/v1/errors?orgId=${org}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.groups.map((g) => g.fingerprint));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...fps].reverse());

    const budget = await get<{ groups: Group[] }>(`/v1/errors?orgId=${org}&service=budget&since=2026-03-04T01:00:00Z`);
    expect(budget.body.groups.map((g) => g.fingerprint)).toEqual([fps[2], fps[1]]);
    expect((await get<{ groups: Group[] }>(`/v1/errors?orgId=${org}&status=resolved`)).body.groups).toEqual([]);
    expect((await get(`/v1/errors/${fps[0]}?orgId=${org}-x`)).status).toBe(404);
    expect((await get<{ error: { code: string } }>(`/v1/errors?orgId=${org}&cursor=bm9wZQ`)).body.error.code).toBe('errors_invalid_cursor');
  });

  it('is for admins only', async () => {
    const r = await fetch(`${app.url}/v1/errors?orgId=${orgId}`);
    expect(r.status).toBe(401);
  });
});
