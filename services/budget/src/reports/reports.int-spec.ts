import { randomUUID } from 'node:crypto';
import { budgetSettleRpc } from '@ironcage/contracts';
import { dropSchema, sql, uniqueNamespace, uniqueSchema } from '@ironcage/testing';
import { budgetClient, type BudgetApp, deleteNamespaceStreams, startBudgetApp, testAdminKey } from '../testing/budget-app';
import { FakeClock } from '../testing/fake-clock';
import type { Forecast, SpendReport } from './reports.usecase';

const DAY = 86_400_000;

describe('spend reports (they add up to the ledger to the micro-dollar, and one org never sees another)', () => {
  const schema = uniqueSchema('budget');
  const namespace = uniqueNamespace('brp');
  const adminKey = testAdminKey();
  const clock = new FakeClock('2026-11-20T00:00:00Z');
  let app: BudgetApp;
  let client: Awaited<ReturnType<typeof budgetClient>>;
  const orgA = `org-a-${randomUUID().slice(0, 8)}`;
  const orgB = `org-b-${randomUUID().slice(0, 8)}`;
  const teams = ['t-red', 't-blue', 't-green'];
  const models = [
    { provider: 'openai', model: 'gpt-4o-mini' },
    { provider: 'anthropic', model: 'claude-haiku-4-5' },
    { provider: 'gemini', model: 'gemini-2.5-flash' },
  ];

  /** Settles one request as cost.incurred would, at a chosen instant. */
  const spend = async (orgId: string, i: number, at: Date) => {
    const m = models[i % models.length];
    return client.rpc.call(budgetSettleRpc, {
      requestId: randomUUID(),
      orgId,
      principal: { keyId: `k-${i % 7}`, userId: `u-${i % 5}`, teamId: teams[i % teams.length], projectId: `p-${i % 2}` },
      model: m.model,
      provider: m.provider,
      usage: { inputTokens: 137 + ((i * 7919) % 5000), outputTokens: 11 + ((i * 104_729) % 3000), cachedInputTokens: i % 4 === 0 ? 100 : 0 },
      occurredAt: at.toISOString(),
      estimated: i % 9 === 0,
    });
  };
  const get = async <T>(path: string) => {
    const r = await client.http<T>('GET', path);
    expect(r.status).toBe(200);
    return r.body;
  };
  const ledgerTotal = async (orgId: string, from = '-infinity', to = 'infinity') =>
    Number(
      (
        await sql<{ s: string }>(`SELECT coalesce(sum(cost_micros), 0)::text AS s FROM "${schema}".ledger_entries WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3`, [
          orgId,
          from,
          to,
        ])
      )[0].s,
    );

  beforeAll(async () => {
    app = await startBudgetApp({ schema, namespace, adminKey, clock });
    client = await budgetClient(namespace, app.url, adminKey);
    // 300 requests over ten days for org A (every third hour-ish), 20 for org B
    for (let i = 0; i < 300; i++) await spend(orgA, i, new Date(Date.parse('2026-11-10T00:00:00Z') + i * 47 * 60_000));
    for (let i = 0; i < 20; i++) await spend(orgB, i, new Date(Date.parse('2026-11-12T00:00:00Z') + i * 3_600_000));
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    if (client) {
      await deleteNamespaceStreams(client.bus, namespace);
      await client.close();
    }
    await dropSchema(schema);
  });

  it('reports spend by day and by team and model that sums to the ledger exactly', async () => {
    const report = await get<SpendReport>(`/v1/reports/spend?orgId=${orgA}&from=2026-11-01T00:00:00Z&to=2026-11-20T00:00:00Z&groupBy=team,model&granularity=day`);
    const ledger = await ledgerTotal(orgA);
    expect(ledger).toBeGreaterThan(0);
    expect(report.total.costMicros).toBe(ledger);
    expect(report.total.requests).toBe(300);
    expect(report.rows.reduce((s, r) => s + r.costMicros, 0)).toBe(ledger);
    expect(new Set(report.rows.map((r) => r.dimensions.team))).toEqual(new Set(teams));
    // each day's rows add up to that day of the ledger
    for (const day of ['2026-11-10', '2026-11-13', '2026-11-19']) {
      const rows = report.rows.filter((r) => r.bucket?.startsWith(day));
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString();
      expect(rows.reduce((s, r) => s + r.costMicros, 0)).toBe(await ledgerTotal(orgA, `${day}T00:00:00Z`, next));
    }
  });

  it('cuts hours and days in the time zone asked for', async () => {
    const utc = await get<SpendReport>(`/v1/reports/spend?orgId=${orgA}&from=2026-11-01T00:00:00Z&to=2026-11-20T00:00:00Z&granularity=day`);
    const tokyo = await get<SpendReport>(`/v1/reports/spend?orgId=${orgA}&from=2026-11-01T00:00:00Z&to=2026-11-20T00:00:00Z&granularity=day&timezone=Asia/Tokyo`);
    expect(tokyo.rows[0].bucket).toBe('2026-11-09T15:00:00.000Z'); // midnight in Tokyo
    expect(tokyo.total.costMicros).toBe(utc.total.costMicros);
    const hourly = await get<SpendReport>(`/v1/reports/spend?orgId=${orgA}&from=2026-11-10T00:00:00Z&to=2026-11-11T00:00:00Z&groupBy=provider&granularity=hour`);
    expect(hourly.total.costMicros).toBe(await ledgerTotal(orgA, '2026-11-10T00:00:00Z', '2026-11-11T00:00:00Z'));
  });

  it('ranks the top spenders of a dimension, their sum never above the ledger', async () => {
    const top = await get<{ spenders: { id: string; costMicros: number; requests: number }[] }>(`/v1/reports/top-spenders?orgId=${orgA}&by=user&limit=3&from=2026-11-01T00:00:00Z`);
    expect(top.spenders).toHaveLength(3);
    expect(top.spenders.map((s) => s.costMicros)).toEqual([...top.spenders.map((s) => s.costMicros)].sort((a, b) => b - a));
    const all = await get<{ spenders: { costMicros: number }[] }>(`/v1/reports/top-spenders?orgId=${orgA}&by=user&limit=100&from=2026-11-01T00:00:00Z`);
    expect(all.spenders.reduce((s, x) => s + x.costMicros, 0)).toBe(await ledgerTotal(orgA));
  });

  it('exports the ledger as CSV, streamed, with costs that add up to the ledger', async () => {
    const r = await fetch(`${app.url}/v1/reports/ledger.csv?orgId=${orgA}&from=2026-11-01T00:00:00Z`, { headers: { authorization: `Bearer ${adminKey}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    expect(r.headers.get('content-disposition')).toContain('ledger.csv');
    const lines = (await r.text()).trim().split('\r\n');
    const header = lines[0].split(',');
    expect(header).toEqual(expect.arrayContaining(['occurred_at', 'request_id', 'team_id', 'model', 'cost_micros', 'cost_usd']));
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(300);
    const costAt = header.indexOf('cost_micros');
    const usdAt = header.indexOf('cost_usd');
    expect(rows.reduce((s, row) => s + Number(row[costAt]), 0)).toBe(await ledgerTotal(orgA));
    for (const row of rows.slice(0, 20)) expect(Math.round(Number(row[usdAt]) * 1_000_000)).toBe(Number(row[costAt]));
  });

  it('pages through the ledger entries', async () => {
    const first = await get<{ entries: { requestId: string }[]; nextCursor: string }>(`/v1/ledger?orgId=${orgA}&from=2026-11-01T00:00:00Z&limit=200`);
    const second = await get<{ entries: { requestId: string }[]; nextCursor: string | null }>(`/v1/ledger?orgId=${orgA}&from=2026-11-01T00:00:00Z&limit=200&cursor=${first.nextCursor}`);
    expect(first.entries).toHaveLength(200);
    expect(second.entries).toHaveLength(100);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.entries, ...second.entries].map((e) => e.requestId)).size).toBe(300);
  });

  it('forecasts each budget from the recent run-rate: month-end spend and the day it runs out', async () => {
    clock.set('2026-11-20T00:00:00Z');
    const created = await client.http<{ id: string }>('POST', '/v1/budgets', { orgId: orgA, name: 'red monthly', scope: { kind: 'team', id: 't-red' }, limitMicros: 2_000_000, period: 'monthly' });
    expect(created.status).toBe(201);
    const { forecasts } = await get<{ forecasts: Forecast[] }>(`/v1/reports/forecast?orgId=${orgA}&budgetId=${created.body.id}&lookbackDays=10`);
    const f = forecasts[0];
    const lastTenDays = Number(
      (await sql<{ s: string }>(`SELECT sum(cost_micros)::text AS s FROM "${schema}".ledger_entries WHERE org_id = $1 AND team_id = 't-red' AND occurred_at >= '2026-11-10T00:00:00Z'`, [orgA]))[0].s,
    );
    expect(f.runRateMicrosPerDay).toBe(Math.floor(lastTenDays / 10));
    expect(f.monthToDateMicros).toBe(lastTenDays);
    expect(f.monthEnd).toBe('2026-12-01T00:00:00.000Z');
    // eleven more days (to 1 December) at the same rate
    expect(f.projectedMonthEndMicros).toBe(lastTenDays + Math.floor((lastTenDays * 11) / 10));
    // the budget counts from its creation: nothing spent yet, so it runs out 2 000 000 / rate days from now
    expect(f.spentMicros).toBe(0);
    const daysToRunOut = (Date.parse(f.runOutAt!) - Date.parse('2026-11-20T00:00:00Z')) / DAY;
    expect(daysToRunOut).toBeCloseTo(2_000_000 / (lastTenDays / 10), 3);
    expect(f.willRunOutThisPeriod).toBe(daysToRunOut < 11);
  });

  it('recommends a cheaper model of the same family for short requests and prompt caching for long uncached prompts, with monthly savings', async () => {
    const org = `org-r-${randomUUID().slice(0, 8)}`;
    const settle = (principal: { keyId: string; teamId?: string }, provider: string, model: string, inputTokens: number, outputTokens: number) =>
      client.rpc.call(budgetSettleRpc, { requestId: randomUUID(), orgId: org, principal, model, provider, usage: { inputTokens, outputTokens }, occurredAt: '2026-11-15T12:00:00Z' });
    for (let i = 0; i < 60; i++) await settle({ keyId: 'k-short', teamId: 't-short' }, 'anthropic', 'claude-sonnet-4-5', 500, 100);
    for (let i = 0; i < 30; i++) await settle({ keyId: 'k-cache', teamId: 't-long' }, 'openai', 'gpt-4o', 3000, 100);
    const { recommendations } = await get<{ recommendations: { kind: string; scope: { id: string }; suggestion: string; estimatedMonthlySavingMicros: number; currentMonthlyMicros: number }[] }>(
      `/v1/reports/recommendations?orgId=${org}&lookbackDays=30&minMonthlySavingMicros=0`,
    );
    // Sonnet 4.5 at $3/$15 vs Haiku 4.5 at $1/$5: 3000 vs 1000 micro-USD per request, 60 requests in 30 days
    expect(recommendations).toContainEqual(
      expect.objectContaining({ kind: 'cheaper_model', scope: { kind: 'team', id: 't-short' }, model: 'claude-sonnet-4-5', currentMonthlyMicros: 180_000, estimatedMonthlySavingMicros: 120_000 }),
    );
    expect(recommendations.find((r) => r.kind === 'cheaper_model')?.suggestion).toContain('claude-haiku-4-5');
    // GPT-4o: 3000 prompt tokens at $2.50/M; half of them cached at $1.25/M saves 1875 micro-USD per request
    expect(recommendations).toContainEqual(expect.objectContaining({ kind: 'prompt_caching', scope: { kind: 'key', id: 'k-cache' }, model: 'gpt-4o', estimatedMonthlySavingMicros: 56_250 }));
    expect(recommendations[0].estimatedMonthlySavingMicros).toBeGreaterThanOrEqual(recommendations[1].estimatedMonthlySavingMicros);
  });

  describe('tenant isolation', () => {
    it('never shows one org’s spend, ledger or budgets to another', async () => {
      const b = await get<SpendReport>(`/v1/reports/spend?orgId=${orgB}&from=2026-11-01T00:00:00Z&to=2026-11-20T00:00:00Z&granularity=total`);
      expect(b.total.requests).toBe(20);
      expect(b.total.costMicros).toBe(await ledgerTotal(orgB));
      const entries = await get<{ entries: { requestId: string }[] }>(`/v1/ledger?orgId=${orgB}&from=2026-11-01T00:00:00Z&limit=1000`);
      expect(entries.entries).toHaveLength(20);
      const aBudget = (await get<{ budgets: { id: string }[] }>(`/v1/budgets?orgId=${orgA}`)).budgets[0];
      expect((await client.http('GET', `/v1/budgets/${aBudget.id}?orgId=${orgB}`)).status).toBe(404);
      expect((await client.http('PATCH', `/v1/budgets/${aBudget.id}?orgId=${orgB}`, { limitMicros: 1 })).status).toBe(404);
      expect((await client.http('DELETE', `/v1/budgets/${aBudget.id}?orgId=${orgB}`)).status).toBe(404);
      expect((await get<{ budgets: unknown[] }>(`/v1/budgets?orgId=${orgB}`)).budgets).toEqual([]);
      expect((await client.http('GET', `/v1/reports/forecast?orgId=${orgB}&budgetId=${aBudget.id}`)).status).toBe(404);
      const csv = await (await fetch(`${app.url}/v1/reports/ledger.csv?orgId=${orgB}&from=2026-11-01T00:00:00Z`, { headers: { authorization: `Bearer ${adminKey}` } })).text();
      expect(csv.trim().split('\r\n')).toHaveLength(21);
      expect(csv).not.toContain(orgA);
    });

    it('does not let one org’s requests touch another org’s budgets, even with the same key and team ids', async () => {
      const created = await client.http<{ id: string }>('POST', '/v1/budgets', { orgId: orgA, name: 'red daily', scope: { kind: 'team', id: 't-red' }, limitMicros: 5_000_000, period: 'daily' });
      await spend(orgB, 0, clock.now()); // team t-red, key k-0 — in org B
      const budget = await get<{ current: { spentMicros: number } }>(`/v1/budgets/${created.body.id}?orgId=${orgA}`);
      expect(budget.current.spentMicros).toBe(0);
    });
  });

  it('validates report queries, naming the field', async () => {
    const r = await client.http<{ error: { details: { path: string }[] } }>('GET', `/v1/reports/spend?orgId=${orgA}&groupBy=team,colour&granularity=week`);
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d) => d.path)).toEqual(expect.arrayContaining(['query.groupBy[1]', 'query.granularity']));
  });
});
