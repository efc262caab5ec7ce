import { randomUUID } from 'node:crypto';
import { budgetAuthorizeRpc, budgetSettleRpc, costIncurredEvent, EVENTS, STREAMS, type RpcResponse } from '@ironcage/contracts';
import { dropSchema, sql, uniqueNamespace, uniqueSchema, waitFor } from '@ironcage/testing';
import { budgetClient, type BudgetApp, deleteNamespaceStreams, startBudgetApp, testAdminKey } from '../testing/budget-app';
import { FakeClock } from '../testing/fake-clock';

type Decision = RpcResponse<typeof budgetAuthorizeRpc>;
const HOUR = 3_600_000;

describe('budget enforcement (authorize and settle over NATS, against Postgres)', () => {
  const schema = uniqueSchema('budget');
  const namespace = uniqueNamespace('bud');
  const adminKey = testAdminKey();
  const clock = new FakeClock('2026-11-25T10:00:00Z');
  let app: BudgetApp;
  let client: Awaited<ReturnType<typeof budgetClient>>;
  let org: string;

  const authorize = (key: string, input: number, maxOutput: number | undefined, extra: Record<string, unknown> = {}) =>
    client.rpc.call(budgetAuthorizeRpc, {
      requestId: randomUUID(),
      orgId: org,
      principal: { keyId: key, userId: 'u-1', teamId: 't-1', projectId: 'p-1' },
      model: 'test-model',
      provider: 'mock',
      estimatedInputTokens: input,
      ...(maxOutput === undefined ? {} : { maxOutputTokens: maxOutput }),
      ...extra,
    } as never) as Promise<Decision>;
  const settle = (requestId: string, inputTokens: number, outputTokens: number) =>
    client.rpc.call(budgetSettleRpc, { requestId, orgId: org, usage: { inputTokens, outputTokens } });
  const createBudget = async (body: Record<string, unknown>) => {
    const r = await client.http<{ id: string }>('POST', '/v1/budgets', { orgId: org, name: 'b', period: 'daily', ...body });
    expect(r.status).toBe(201);
    return r.body.id;
  };
  const budget = async (id: string) => (await client.http<{ current: { spentMicros: number; reservedMicros: number; periodStart: string; periodEnd: string | null } }>('GET', `/v1/budgets/${id}?orgId=${org}`)).body;

  beforeAll(async () => {
    app = await startBudgetApp({ schema, namespace, adminKey, clock, env: { BUDGET_INPUT_MARGIN_PERCENT: '0' } });
    client = await budgetClient(namespace, app.url, adminKey);
    // $1 per million input tokens, $2 per million output tokens: 1000 in + 1000 out = 3000 micro-USD
    const price = await client.http('POST', '/v1/prices', {
      provider: 'mock',
      model: 'test-model',
      inputPerMtok: 1_000_000,
      outputPerMtok: 2_000_000,
      maxOutputTokens: 8000,
      effectiveFrom: '2026-01-01T00:00:00Z',
      source: 'test',
    });
    expect(price.status).toBe(201);
  });

  beforeEach(() => {
    org = `org-${randomUUID().slice(0, 8)}`;
    clock.set('2026-11-25T10:00:00Z');
  });

  afterAll(async () => {
    await app?.stop();
    if (client) {
      await deleteNamespaceStreams(client.bus, namespace);
      await client.close();
    }
    await dropSchema(schema);
  });

  it('reserves the worst case (prompt + output cap at the current price) and settles to the actual cost', async () => {
    const id = await createBudget({ scope: { kind: 'key', id: 'k-1' }, limitMicros: 1_000_000 });
    const d = await authorize('k-1', 1000, 1000);
    expect(d).toMatchObject({ allowed: true, reservedMicros: 3000, maxOutputTokens: 1000, priced: true, remainingMicros: 997_000 });
    expect((await budget(id)).current).toMatchObject({ spentMicros: 0, reservedMicros: 3000 });

    const requestId = (await sql<{ request_id: string }>(`SELECT request_id FROM "${schema}".reservations WHERE org_id = $1`, [org]))[0].request_id;
    const s = await settle(requestId, 1000, 10);
    expect(s).toEqual({ settled: true, costMicros: 1020, priced: true, late: false });
    expect((await budget(id)).current).toMatchObject({ spentMicros: 1020, reservedMicros: 0 });
    const [entry] = await sql(`SELECT key_id, model, provider, cost_micros, reserved_micros, status FROM "${schema}".ledger_entries WHERE org_id = $1`, [org]);
    expect(entry).toEqual({ key_id: 'k-1', model: 'test-model', provider: 'mock', cost_micros: '1020', reserved_micros: '3000', status: 'priced' });
  });

  it('reserves the model’s maximum output when the request sets no cap, and tells the gateway that cap', async () => {
    await createBudget({ scope: { kind: 'key', id: 'k-1' }, limitMicros: 1_000_000 });
    expect(await authorize('k-1', 0, undefined)).toMatchObject({ allowed: true, maxOutputTokens: 8000, reservedMicros: 16_000 });
  });

  it('refuses past the limit, naming the scope, the limit, what was spent, what is in flight and when it resets', async () => {
    await createBudget({ name: 'key daily', scope: { kind: 'key', id: 'k-1' }, limitMicros: 10_000, timezone: 'Europe/Berlin' });
    const first = await authorize('k-1', 1000, 1000);
    const requestId = (await sql<{ request_id: string }>(`SELECT request_id FROM "${schema}".reservations WHERE org_id = $1`, [org]))[0].request_id;
    expect(first.allowed).toBe(true);
    await settle(requestId, 1000, 1000); // spent 3000
    expect((await authorize('k-1', 1000, 1000)).allowed).toBe(true); // 3000 in flight
    const refused = await authorize('k-1', 1000, 1600); // needs 4200 > 10000 - 3000 - 3000
    expect(refused).toEqual({
      allowed: false,
      code: 'budget_exceeded',
      budgetId: expect.any(String),
      scope: { kind: 'key', id: 'k-1' },
      limitMicros: 10_000,
      spentMicros: 3000,
      reservedMicros: 3000,
      requestedMicros: 4200,
      resetsAt: '2026-11-25T23:00:00.000Z', // midnight in Berlin
      reason: expect.stringMatching(/key k-1.*limit \$0\.010000, spent \$0\.003000, \$0\.003000 held.*needs up to \$0\.004200; resets at 2026-11-25T23:00:00\.000Z/),
    });
  });

  it('reserves on every applicable budget at once, and names the tightest when one refuses', async () => {
    const orgBudget = await createBudget({ scope: { kind: 'org' }, limitMicros: 1_000_000 });
    const team = await createBudget({ scope: { kind: 'team', id: 't-1' }, limitMicros: 5000 });
    const model = await createBudget({ scope: { kind: 'project', id: 'p-1', model: 'test-model' }, limitMicros: 1_000_000 });
    const other = await createBudget({ scope: { kind: 'team', id: 't-2' }, limitMicros: 1 });
    expect(await authorize('k-1', 1000, 1000)).toMatchObject({ allowed: true, remainingMicros: 2000 });
    for (const id of [orgBudget, team, model]) expect((await budget(id)).current.reservedMicros).toBe(3000);
    expect((await budget(other)).current.reservedMicros).toBe(0);

    const refused = await authorize('k-1', 1000, 1000);
    expect(refused).toMatchObject({ allowed: false, code: 'budget_exceeded', scope: { kind: 'team', id: 't-1' } });
    // all or nothing: the org and project budgets were not touched by the refused request
    for (const id of [orgBudget, model]) expect((await budget(id)).current.reservedMicros).toBe(3000);
  });

  it('answers a repeated authorisation of the same request with the same reservation, reserving once', async () => {
    const id = await createBudget({ scope: { kind: 'key', id: 'k-1' }, limitMicros: 1_000_000 });
    const request = { requestId: randomUUID(), orgId: org, principal: { keyId: 'k-1' }, model: 'test-model', provider: 'mock', estimatedInputTokens: 1000, maxOutputTokens: 1000 };
    const [a, b, c] = await Promise.all([client.rpc.call(budgetAuthorizeRpc, request), client.rpc.call(budgetAuthorizeRpc, request), client.rpc.call(budgetAuthorizeRpc, request)]);
    expect(a.allowed && b.allowed && c.allowed).toBe(true);
    expect(new Set([a, b, c].map((d) => (d as { reservationId: string }).reservationId)).size).toBe(1);
    expect((await budget(id)).current.reservedMicros).toBe(3000);
  });

  it('settles once however often the settlement arrives (RPC retried, cost.incurred redelivered)', async () => {
    const id = await createBudget({ scope: { kind: 'key', id: 'k-1' }, limitMicros: 1_000_000 });
    const requestId = randomUUID();
    await client.rpc.call(budgetAuthorizeRpc, { requestId, orgId: org, principal: { keyId: 'k-1' }, model: 'test-model', provider: 'mock', estimatedInputTokens: 100, maxOutputTokens: 100 });
    const event = {
      requestId,
      principal: { keyId: 'k-1' },
      model: 'test-model',
      provider: 'mock',
      usage: { inputTokens: 100, outputTokens: 50 },
      costMicros: 200,
      currency: 'USD' as const,
      estimated: false,
      priced: true,
    };
    // two copies under different event ids get past JetStream's de-duplication, as a redelivery would
    await client.publisher.publish(costIncurredEvent, event, { orgId: org });
    await client.publisher.publish(costIncurredEvent, event, { orgId: org });
    expect(await settle(requestId, 100, 50)).toMatchObject({ costMicros: 200, late: false });
    await waitFor(async () => (await budget(id)).current.spentMicros === 200, 'the settlement');
    // let the consumer see both copies
    await waitFor(async () => {
      const info = await client.bus.jsm.consumers.info(client.bus.naming.stream(STREAMS.costs.name), 'budget__cost_incurred');
      return info.num_ack_pending === 0 && info.num_pending === 0;
    }, 'the consumer to drain');
    expect((await budget(id)).current).toMatchObject({ spentMicros: 200, reservedMicros: 0 });
    expect(await sql(`SELECT count(*)::int AS n FROM "${schema}".ledger_entries WHERE org_id = $1`, [org])).toEqual([{ n: 1 }]);
  });

  it('settles a request it never authorised from cost.incurred alone, charging every budget that applies', async () => {
    const id = await createBudget({ scope: { kind: 'user', id: 'u-9' }, limitMicros: 1_000_000 });
    const requestId = randomUUID();
    await client.publisher.publish(
      costIncurredEvent,
      { requestId, principal: { keyId: 'k-9', userId: 'u-9' }, model: 'test-model', provider: 'mock', usage: { inputTokens: 10, outputTokens: 10 }, costMicros: 30, currency: 'USD', estimated: true, priced: true },
      { orgId: org },
    );
    await waitFor(async () => (await budget(id)).current.spentMicros === 30, 'the settlement');
    expect(await sql(`SELECT estimated, reserved_micros FROM "${schema}".ledger_entries WHERE org_id = $1`, [org])).toEqual([{ estimated: true, reserved_micros: null }]);
  });

  it('takes the cost.incurred of a request refused before any model was authorised (no model, $0) without a ledger row or a dead letter', async () => {
    const before = await client.bus.jsm.streams.info(client.bus.naming.stream(STREAMS.deadLetters.name)).then(
      (i) => i.state.messages,
      () => 0,
    );
    const refused = randomUUID();
    const metered = randomUUID();
    await client.publisher.publish(
      costIncurredEvent,
      { requestId: refused, principal: { keyId: 'k-7' }, usage: { inputTokens: 0, outputTokens: 0 }, costMicros: 0, currency: 'USD', estimated: false, priced: false },
      { orgId: org },
    );
    // published after it on the same stream: once it is settled, the refusal was consumed
    await client.publisher.publish(
      costIncurredEvent,
      { requestId: metered, principal: { keyId: 'k-7' }, model: 'test-model', provider: 'mock', usage: { inputTokens: 1, outputTokens: 1 }, costMicros: 3, currency: 'USD', estimated: false, priced: true },
      { orgId: org },
    );
    await waitFor(async () => (await sql(`SELECT 1 FROM "${schema}".ledger_entries WHERE org_id = $1 AND request_id = $2`, [org, metered])).length === 1, 'the metered request');
    await waitFor(async () => {
      const info = await client.bus.jsm.consumers.info(client.bus.naming.stream(STREAMS.costs.name), 'budget__cost_incurred');
      return info.num_ack_pending === 0 && info.num_pending === 0;
    }, 'the consumer to drain');
    expect(await sql(`SELECT 1 FROM "${schema}".ledger_entries WHERE org_id = $1 AND request_id = $2`, [org, refused])).toEqual([]);
    const after = await client.bus.jsm.streams.info(client.bus.naming.stream(STREAMS.deadLetters.name)).then(
      (i) => i.state.messages,
      () => 0,
    );
    expect(after).toBe(before);
  });

  it('refuses a settlement it cannot attribute, naming the field', async () => {
    await expect(client.rpc.call(budgetSettleRpc, { requestId: randomUUID(), orgId: org, usage: { inputTokens: 1, outputTokens: 1 } })).rejects.toMatchObject({
      code: 'invalid_request',
      details: { code: 'unattributable_settlement', details: [{ path: 'request.principal' }] },
    });
  });

  it('resets a daily budget at midnight in its time zone with no traffic and no job: the clock decides', async () => {
    const id = await createBudget({ scope: { kind: 'key', id: 'k-1' }, limitMicros: 5000, timezone: 'America/New_York' });
    const d = await authorize('k-1', 1000, 1000);
    expect(d.allowed).toBe(true);
    const [{ request_id }] = await sql<{ request_id: string }>(`SELECT request_id FROM "${schema}".reservations WHERE org_id = $1`, [org]);
    await settle(request_id, 1000, 1000);
    expect((await authorize('k-1', 1000, 1000)).allowed).toBe(false);
    expect((await budget(id)).current).toMatchObject({ spentMicros: 3000, periodEnd: '2026-11-26T05:00:00.000Z' });

    clock.set('2026-11-26T04:59:59.999Z');
    expect((await budget(id)).current.spentMicros).toBe(3000);
    clock.set('2026-11-26T05:00:00.000Z');
    expect((await budget(id)).current).toMatchObject({ spentMicros: 0, periodStart: '2026-11-26T05:00:00.000Z', periodEnd: '2026-11-27T05:00:00.000Z' });
    expect((await authorize('k-1', 1000, 1000)).allowed).toBe(true);
  });

  it('releases a reservation whose request never settled, and still records a settlement that arrives after that', async () => {
    const id = await createBudget({ scope: { kind: 'key', id: 'k-1' }, limitMicros: 1_000_000 });
    const requestId = randomUUID();
    await client.rpc.call(budgetAuthorizeRpc, { requestId, orgId: org, principal: { keyId: 'k-1' }, model: 'test-model', provider: 'mock', estimatedInputTokens: 1000, maxOutputTokens: 1000 });
    expect((await budget(id)).current.reservedMicros).toBe(3000);
    clock.advance(app.config.BUDGET_RESERVATION_TTL_SECONDS * 1000 + 1);
    const { MaintenanceUseCase } = await import('../maintenance/maintenance.usecase');
    expect(await app.app.get(MaintenanceUseCase).expireReservations()).toBeGreaterThanOrEqual(1);
    expect((await budget(id)).current).toMatchObject({ reservedMicros: 0, spentMicros: 0 });

    expect(await settle(requestId, 1000, 1000)).toEqual({ settled: true, costMicros: 3000, priced: true, late: true });
    expect((await budget(id)).current).toMatchObject({ reservedMicros: 0, spentMicros: 3000 });
  });

  it('limits requests per minute per key with a token bucket shared by every replica, naming when to retry', async () => {
    const r = await client.http<{ id: string }>('POST', '/v1/rate-limits', { orgId: org, scope: { kind: 'key', id: 'k-rl' }, metric: 'requests', perMinute: 3 });
    expect(r.status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await authorize('k-rl', 1, 1)).allowed).toBe(true);
    const refused = await authorize('k-rl', 1, 1);
    expect(refused).toMatchObject({
      allowed: false,
      code: 'rate_limited',
      scope: { kind: 'key', id: 'k-rl' },
      metric: 'requests',
      limit: 3,
      used: 3,
      retryAfterMs: 20_000,
      resetsAt: '2026-11-25T10:00:20.000Z',
    });
    expect((await authorize('k-other', 1, 1)).allowed).toBe(true);
    clock.advance(20_000);
    expect((await authorize('k-rl', 1, 1)).allowed).toBe(true);
    expect((await authorize('k-rl', 1, 1)).allowed).toBe(false);
  });

  it('limits tokens per minute, charging the prompt and declared cap up front and correcting to the tokens used', async () => {
    await client.http('POST', '/v1/rate-limits', { orgId: org, scope: { kind: 'team', id: 't-1' }, metric: 'tokens', perMinute: 6000 });
    const first = randomUUID();
    const call = (requestId: string, input: number, cap: number) =>
      client.rpc.call(budgetAuthorizeRpc, {
        requestId,
        orgId: org,
        principal: { keyId: 'k-1', teamId: 't-1' },
        model: 'test-model',
        provider: 'mock',
        estimatedInputTokens: input,
        maxOutputTokens: cap,
      });
    expect((await call(first, 1000, 4000)).allowed).toBe(true); // takes 5000 of 6000
    expect(await call(randomUUID(), 1000, 1000)).toMatchObject({ allowed: false, code: 'rate_limited', metric: 'tokens', requested: 2000 });
    await settle(first, 1000, 500); // used 1500: 3500 come back
    expect((await call(randomUUID(), 1000, 1000)).allowed).toBe(true);
    expect(await call(randomUUID(), 10_000, 0)).toMatchObject({ allowed: false, code: 'rate_limited', requested: 10_000, reason: expect.stringMatching(/more than the 6000/) });
  });

  describe('a model without a price', () => {
    const unpriced = (requestId = randomUUID()) =>
      client.rpc.call(budgetAuthorizeRpc, { requestId, orgId: org, principal: { keyId: 'k-1' }, model: 'no-such-model', provider: 'mock', estimatedInputTokens: 10, maxOutputTokens: 10 });

    it('is refused by default, and alerted once a day', async () => {
      expect(await unpriced()).toMatchObject({ allowed: false, code: 'unpriced_model', model: 'no-such-model', provider: 'mock', scope: { kind: 'org', id: org } });
      await unpriced();
      const alerts = await waitFor(async () => {
        const rows = await sql<{ published_at: Date | null }>(`SELECT published_at FROM "${schema}".outbox WHERE org_id = $1 AND subject = 'budget.unpriced'`, [org]);
        return rows.length === 1 && rows[0].published_at !== null && rows;
      }, 'the alert to be published');
      expect(alerts).toHaveLength(1);
      const m = await client.bus.jsm.streams.getMessage(client.bus.naming.stream(STREAMS.budget.name), { last_by_subj: client.bus.naming.subject(EVENTS.budgetUnpriced) });
      expect(m?.json()).toMatchObject({ orgId: org, data: { model: 'no-such-model', provider: 'mock', policy: 'refuse' } });
    });

    it('is served and recorded as unpriced, never silently as $0, when the org chose record_unpriced', async () => {
      expect((await client.http('PUT', `/v1/orgs/${org}/budget-settings`, { unpricedPolicy: 'record_unpriced' })).status).toBe(200);
      const requestId = randomUUID();
      expect(await unpriced(requestId)).toMatchObject({ allowed: true, priced: false, reservedMicros: 0 });
      expect(await client.rpc.call(budgetSettleRpc, { requestId, orgId: org, usage: { inputTokens: 10, outputTokens: 10 }, costMicros: 77 })).toEqual({
        settled: true,
        costMicros: 77,
        priced: false,
        late: false,
      });
      expect(await sql(`SELECT status, cost_micros, reported_cost_micros FROM "${schema}".ledger_entries WHERE org_id = $1`, [org])).toEqual([
        { status: 'unpriced', cost_micros: '77', reported_cost_micros: '77' },
      ]);
    });
  });

  it('publishes budget.threshold once per threshold and period', async () => {
    const id = await createBudget({ scope: { kind: 'key', id: 'k-th' }, limitMicros: 10_000, thresholds: [50, 80, 100] });
    const spend = async (output: number) => {
      const requestId = randomUUID();
      await client.rpc.call(budgetAuthorizeRpc, { requestId, orgId: org, principal: { keyId: 'k-th' }, model: 'test-model', provider: 'mock', estimatedInputTokens: 0, maxOutputTokens: output });
      await settle(requestId, 0, output);
    };
    await spend(2000); // 4000: 40 %
    await spend(500); // 5000: 50 %
    await spend(500); // 6000
    await spend(1500); // 9000: 90 %, past 80
    const published = async () =>
      sql<{ id: string; data: { thresholdPercent: number; spentMicros: number } }>(
        `SELECT id, data FROM "${schema}".outbox WHERE org_id = $1 AND subject = 'budget.threshold' AND published_at IS NOT NULL ORDER BY created_at`,
        [org],
      );
    await waitFor(async () => (await published()).length === 2, 'two threshold events');
    expect((await published()).map((r) => [r.data.thresholdPercent, r.data.spentMicros])).toEqual([
      [50, 5000],
      [80, 9000],
    ]);
    clock.advance(24 * HOUR); // next period: the thresholds start over
    await spend(2500);
    await waitFor(async () => (await published()).length === 3, 'the threshold of the next period');
    const last = (await published())[2];
    expect(last.id).toBe(`budget.threshold:${id}:2026-11-26T00:00:00.000Z:50`);
    const m = await client.bus.jsm.streams.getMessage(client.bus.naming.stream(STREAMS.budget.name), { last_by_subj: client.bus.naming.subject(EVENTS.budgetThreshold) });
    expect(m?.json()).toMatchObject({
      id: last.id,
      orgId: org,
      data: { budgetId: id, scope: { kind: 'key', id: 'k-th' }, thresholdPercent: 50, spentMicros: 5000, limitMicros: 10_000, periodStart: '2026-11-26T00:00:00.000Z' },
    });
  });
});
