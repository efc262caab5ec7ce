import { randomUUID } from 'node:crypto';
import { budgetAuthorizeRpc, budgetSettleRpc, costIncurredEvent, type RpcResponse } from '@ironcage/contracts';
import { dropSchema, sql, uniqueNamespace, uniqueSchema, waitFor } from '@ironcage/testing';
import { budgetClient, type BudgetApp, deleteNamespaceStreams, startBudgetApp, testAdminKey } from '../testing/budget-app';
import { FakeClock } from '../testing/fake-clock';
import { AuthorizeUseCase } from './authorize/authorize.usecase';

type Decision = RpcResponse<typeof budgetAuthorizeRpc>;

/**
 * The promise of the budget service: with several replicas and hundreds of concurrent requests,
 * streaming-sized and not, the recorded spend never exceeds a hard budget.
 */
describe('budget enforcement under concurrency, across two replicas', () => {
  const schema = uniqueSchema('budget');
  const namespace = uniqueNamespace('bcc');
  const adminKey = testAdminKey();
  const clock = new FakeClock('2026-11-25T10:00:00Z');
  const replicas: BudgetApp[] = [];
  const answered = [0, 0];
  let client: Awaited<ReturnType<typeof budgetClient>>;

  // $1 per million input tokens, $2 per million output tokens
  const NORMAL = { input: 500, output: 500, micros: 1500 };
  const STREAMING = { input: 2000, output: 4000, micros: 10_000 };

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      // one after the other: the first applies the migrations, the second finds them applied
      const app = await startBudgetApp({ schema, namespace, adminKey, clock, env: { BUDGET_INPUT_MARGIN_PERCENT: '0', DB_POOL_MAX: '20' } });
      const authorize = app.app.get(AuthorizeUseCase);
      const execute = authorize.execute.bind(authorize);
      authorize.execute = (c) => {
        answered[i] += 1;
        return execute(c);
      };
      replicas.push(app);
    }
    client = await budgetClient(namespace, replicas[0].url, adminKey);
    const price = await client.http('POST', '/v1/prices', { provider: 'mock', model: 'test-model', inputPerMtok: 1_000_000, outputPerMtok: 2_000_000, effectiveFrom: '2026-01-01T00:00:00Z', source: 'test' });
    expect(price.status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    for (const app of replicas) await app.stop();
    if (client) {
      await deleteNamespaceStreams(client.bus, namespace);
      await client.close();
    }
    await dropSchema(schema);
  });

  const createBudget = async (orgId: string, body: Record<string, unknown>): Promise<string> => {
    const r = await client.http<{ id: string }>('POST', '/v1/budgets', { orgId, name: 'hot', period: 'daily', ...body });
    expect(r.status).toBe(201);
    return r.body.id;
  };
  const budgetOf = async (orgId: string, id: string) =>
    (await client.http<{ current: { spentMicros: number; reservedMicros: number } }>('GET', `/v1/budgets/${id}?orgId=${orgId}`)).body.current;
  const ledgerSum = async (orgId: string) =>
    (await sql<{ n: number; sum: string }>(`SELECT count(*)::int AS n, coalesce(sum(cost_micros), 0)::text AS sum FROM "${schema}".ledger_entries WHERE org_id = $1`, [orgId]))[0];

  /**
   * One gateway request: authorise, "serve" it for a few milliseconds (streams take longer), then
   * settle with the actual usage — half over the RPC, half through cost.incurred, as the gateway may.
   */
  async function flow(orgId: string, keyId: string, i: number, actualShare: number): Promise<{ decision: Decision; size: typeof NORMAL; cost: number }> {
    const size = i % 5 === 0 ? STREAMING : NORMAL;
    const requestId = randomUUID();
    const decision = await client.rpc.call(
      budgetAuthorizeRpc,
      { requestId, orgId, principal: { keyId, teamId: 'team-1' }, model: 'test-model', provider: 'mock', estimatedInputTokens: size.input, maxOutputTokens: size.output, stream: size === STREAMING },
      { timeoutMs: 30_000 },
    );
    if (!decision.allowed) return { decision, size, cost: 0 };
    await new Promise((r) => setTimeout(r, (size === STREAMING ? 20 : 2) + (i % 7)));
    const outputTokens = Math.floor(size.output * actualShare);
    const usage = { inputTokens: size.input, outputTokens };
    const cost = size.input + 2 * outputTokens;
    if (i % 2 === 0) {
      await client.rpc.call(budgetSettleRpc, { requestId, orgId, usage }, { timeoutMs: 30_000 });
    } else {
      await client.publisher.publish(
        costIncurredEvent,
        { requestId, principal: { keyId, teamId: 'team-1' }, model: 'test-model', provider: 'mock', usage, costMicros: cost, currency: 'USD', estimated: false, priced: true },
        { orgId },
      );
    }
    return { decision, size, cost };
  }

  it('fires 500 concurrent requests at a budget that covers 50: settled spend stays within it and nothing beyond it is authorised', async () => {
    const orgId = `org-${randomUUID().slice(0, 8)}`;
    const limit = 50 * NORMAL.micros;
    const keyBudget = await createBudget(orgId, { scope: { kind: 'key', id: 'k-hot' }, limitMicros: limit });
    const orgBudget = await createBudget(orgId, { scope: { kind: 'org' }, limitMicros: 10 * limit });
    answered[0] = answered[1] = 0;

    // every request uses all it reserved, so whatever was authorised is exactly what gets spent
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => flow(orgId, 'k-hot', i, 1)));
    const allowed = results.filter((r) => r.decision.allowed);
    const authorisedMicros = allowed.reduce((s, r) => s + (r.decision as { reservedMicros: number }).reservedMicros, 0);
    const settledMicros = allowed.reduce((s, r) => s + r.cost, 0);

    await waitFor(async () => (await ledgerSum(orgId)).n === allowed.length, 'every settlement', 30_000);
    const ledger = await ledgerSum(orgId);
    expect(Number(ledger.sum)).toBe(settledMicros);
    expect(settledMicros).toBe(authorisedMicros);
    expect(authorisedMicros).toBeLessThanOrEqual(limit);
    expect(await budgetOf(orgId, keyBudget)).toEqual({ spentMicros: settledMicros, reservedMicros: 0, remainingMicros: limit - settledMicros, periodStart: expect.any(String), periodEnd: expect.any(String) });
    expect(await budgetOf(orgId, orgBudget)).toMatchObject({ spentMicros: settledMicros, reservedMicros: 0 });

    // it was the budget that stopped them, and only once it could not hold another request of that size
    const refused = results.filter((r) => !r.decision.allowed);
    expect(allowed.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThanOrEqual(450);
    for (const r of refused) {
      expect(r.decision).toMatchObject({ code: 'budget_exceeded', scope: { kind: 'key', id: 'k-hot' }, limitMicros: limit, requestedMicros: r.size.micros });
    }
    if (refused.some((r) => r.size === NORMAL)) expect(limit - settledMicros).toBeLessThan(NORMAL.micros);
    // both replicas answered
    expect(answered[0]).toBeGreaterThan(50);
    expect(answered[1]).toBeGreaterThan(50);
  }, 120_000);

  it('stays within the budget when requests use less than they reserved, serving more of them', async () => {
    const orgId = `org-${randomUUID().slice(0, 8)}`;
    const limit = 50 * NORMAL.micros;
    const id = await createBudget(orgId, { scope: { kind: 'team', id: 'team-1' }, limitMicros: limit });
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => flow(orgId, `k-${i % 10}`, i, 0.4)));
    const allowed = results.filter((r) => r.decision.allowed);
    await waitFor(async () => (await ledgerSum(orgId)).n === allowed.length, 'every settlement', 30_000);
    const spent = Number((await ledgerSum(orgId)).sum);
    expect(spent).toBeLessThanOrEqual(limit);
    expect(await budgetOf(orgId, id)).toMatchObject({ spentMicros: spent, reservedMicros: 0 });
  }, 120_000);

  it('stops serving a $1 daily key budget exactly when $1 is spent, under concurrent streaming load on both replicas, and serves it again after the reset', async () => {
    const orgId = `org-${randomUUID().slice(0, 8)}`;
    const id = await createBudget(orgId, { name: 'one dollar a day', scope: { kind: 'key', id: 'k-dollar' }, limitMicros: 1_000_000, timezone: 'Europe/Berlin' });
    // streaming-sized requests reserving (and using) exactly $0.01 each: exactly 100 fit in $1
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => flow(orgId, 'k-dollar', i * 5, 1)));
    const allowed = results.filter((r) => r.decision.allowed);
    expect(allowed).toHaveLength(100);
    await waitFor(async () => (await ledgerSum(orgId)).n === 100, 'every settlement', 30_000);
    expect(await ledgerSum(orgId)).toEqual({ n: 100, sum: '1000000' });
    expect(await budgetOf(orgId, id)).toMatchObject({ spentMicros: 1_000_000, reservedMicros: 0, remainingMicros: 0 });

    const refused = await flow(orgId, 'k-dollar', 1, 1); // even the smallest request
    expect(refused.decision).toMatchObject({
      allowed: false,
      code: 'budget_exceeded',
      scope: { kind: 'key', id: 'k-dollar' },
      limitMicros: 1_000_000,
      spentMicros: 1_000_000,
      reservedMicros: 0,
      resetsAt: '2026-11-25T23:00:00.000Z',
      reason: expect.stringContaining('one dollar a day'),
    });

    clock.set('2026-11-25T22:59:59.999Z');
    expect((await flow(orgId, 'k-dollar', 1, 1)).decision.allowed).toBe(false);
    clock.set('2026-11-25T23:00:00.000Z'); // midnight in Berlin
    expect((await flow(orgId, 'k-dollar', 1, 1)).decision.allowed).toBe(true);
  }, 120_000);
});
