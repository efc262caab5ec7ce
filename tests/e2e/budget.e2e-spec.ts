import { randomUUID } from 'node:crypto';
import { RpcClient, EventPublisher, type BusConnection } from '@ironcage/bus';
import { budgetAuthorizeRpc, budgetSettleRpc, costIncurredEvent } from '@ironcage/contracts';
import { waitFor, type ServiceProcess } from '@ironcage/testing';
import { getJson, isolatedStack } from './stack';

interface Budget {
  id: string;
  current: { spentMicros: number; reservedMicros: number; remainingMicros: number };
}

/** Two budget processes on one database and bus: what the gateway's replicas will talk to. */
describe('budget across two replicas (processes)', () => {
  const stack = isolatedStack('budg');
  const env = { ...stack.envFor('budget'), BUDGET_INPUT_MARGIN_PERCENT: '0', DB_POOL_MAX: '20' };
  let replicas: ServiceProcess[];
  let bus: BusConnection;
  let rpc: RpcClient;
  const auth = () => ({ authorization: `Bearer ${stack.adminKey}` });
  const post = async <T>(url: string, body: unknown): Promise<{ status: number; body: T }> => {
    const r = await fetch(url, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as T };
  };
  const decisions = async (p: ServiceProcess): Promise<number> => {
    const text = await (await fetch(`${p.url}/metrics`)).text();
    return [...text.matchAll(/^budget_authorize_total\{[^}]*\} (\d+)/gm)].reduce((s, m) => s + Number(m[1]), 0);
  };

  beforeAll(async () => {
    // one after the other: the first migrates the schema, the second finds it migrated
    replicas = [await stack.start('budget', env), await stack.start('budget', env)];
    bus = await stack.bus();
    rpc = new RpcClient(bus);
  }, 120_000);

  afterAll(async () => {
    await bus?.close();
    await stack.teardown();
  });

  it('serves its REST API with an OpenAPI document and the seeded price catalogue', async () => {
    const doc = await getJson<{ paths: Record<string, unknown> }>(`${replicas[0].url}/docs/openapi.json`);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/prices', '/v1/budgets', '/v1/rate-limits', '/v1/reports/spend', '/v1/reports/ledger.csv']));
    const prices = await getJson<{ prices: { provider: string }[] }>(`${replicas[1].url}/v1/prices?provider=anthropic`, auth());
    expect(prices.status).toBe(200);
    expect(prices.body.prices.length).toBeGreaterThan(5);
  });

  it('never lets 500 concurrent requests (streaming-sized and not, settled by RPC and by cost.incurred) overspend a budget that covers 50', async () => {
    const orgId = `org-${randomUUID().slice(0, 8)}`;
    // the mock model costs $0.15 / $0.60 per million tokens: 1000 + 1000 tokens = 750 micro-USD
    const limit = 50 * 750;
    const created = await post<Budget>(`${replicas[0].url}/v1/budgets`, { orgId, name: 'covers 50', scope: { kind: 'key', id: 'k-hot' }, limitMicros: limit, period: 'daily' });
    expect(created.status).toBe(201);
    const publisher = new EventPublisher(bus);
    const before = await Promise.all(replicas.map(decisions));

    const results = await Promise.all(
      Array.from({ length: 500 }, async (_, i) => {
        const size = i % 5 === 0 ? { input: 2000, output: 4000 } : { input: 1000, output: 1000 };
        const requestId = randomUUID();
        const principal = { keyId: 'k-hot', teamId: 'team-1' };
        const d = await rpc.call(
          budgetAuthorizeRpc,
          { requestId, orgId, principal, model: 'mock-gpt-4o-mini', provider: 'mock', estimatedInputTokens: size.input, maxOutputTokens: size.output, stream: i % 5 === 0 },
          { timeoutMs: 30_000 },
        );
        if (!d.allowed) return { allowed: false, reserved: 0, decision: d };
        await new Promise((r) => setTimeout(r, i % 5 === 0 ? 25 : 2));
        const usage = { inputTokens: size.input, outputTokens: size.output };
        if (i % 2 === 0) {
          await rpc.call(budgetSettleRpc, { requestId, orgId, usage }, { timeoutMs: 30_000 });
        } else {
          await publisher.publish(
            costIncurredEvent,
            { requestId, principal, model: 'mock-gpt-4o-mini', provider: 'mock', usage, costMicros: d.reservedMicros, currency: 'USD', estimated: false, priced: true },
            { orgId },
          );
        }
        return { allowed: true, reserved: d.reservedMicros, decision: d };
      }),
    );
    const allowed = results.filter((r) => r.allowed);
    const authorised = allowed.reduce((s, r) => s + r.reserved, 0);
    expect(authorised).toBeLessThanOrEqual(limit);
    for (const r of results.filter((x) => !x.allowed)) {
      expect(r.decision).toMatchObject({ code: 'budget_exceeded', scope: { kind: 'key', id: 'k-hot' }, limitMicros: limit, resetsAt: expect.any(String) });
    }

    const budget = await waitFor(async () => {
      const b = (await getJson<Budget>(`${replicas[1].url}/v1/budgets/${created.body.id}?orgId=${orgId}`, auth())).body;
      return b.current.reservedMicros === 0 && b.current.spentMicros === authorised && b;
    }, 'every settlement', 30_000);
    expect(budget.current.spentMicros).toBeLessThanOrEqual(limit);
    const report = await getJson<{ total: { costMicros: number; requests: number } }>(`${replicas[0].url}/v1/reports/spend?orgId=${orgId}&granularity=total`, auth());
    expect(report.body.total).toMatchObject({ costMicros: authorised, requests: allowed.length });

    // both processes answered
    const after = await Promise.all(replicas.map(decisions));
    expect(after[0] - before[0]).toBeGreaterThan(50);
    expect(after[1] - before[1]).toBeGreaterThan(50);
  }, 120_000);
});
