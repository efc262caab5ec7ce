/**
 * Budget benchmark: the built budget service (services/budget/dist) as its own process, against
 * the Postgres and NATS of infra/local, in a schema and bus namespace of its own that are dropped
 * after. Build first (npx nx run-many -t build), then:
 *
 *   node -r @swc-node/register bench/budget/bench.ts
 *
 * Scenarios (10 000 key budgets + 100 team budgets + 1 org budget active, so every request reserves
 * on three budgets, rows found among 10 101):
 *   1. sequential: authorize → settle round trips one at a time; p50/p99 of each call as the gateway
 *      sees it (NATS request/reply to the service, which runs one Postgres function), and the same
 *      Postgres function called directly (what the database costs) and platform.ping (what NATS costs).
 *   2. sustained: authorize + settle flows from BENCH_CONCURRENCY callers for BENCH_SECONDS, on
 *      random keys (little contention) and on one hot key (every flow on the same rows).
 *   3. overspend: 500 concurrent flows at a budget that covers 50; each uses all it reserved.
 *
 * Knobs: BENCH_SEQUENTIAL (2000), BENCH_SECONDS (10), BENCH_CONCURRENCY (32), BENCH_REPLICAS (1).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BusConnection, RpcClient } from '@ironcage/bus';
import { budgetAuthorizeRpc, budgetSettleRpc, platformPingRpc } from '@ironcage/contracts';
import { dropSchema, startServiceProcess, testInfra, uniqueNamespace, uniqueSchema, type ServiceProcess } from '@ironcage/testing';
import { Client } from 'pg';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 1);
const KEYS = 10_000;
const TEAMS = 100;
const ORG = 'bench-org';
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number): string => `${x.toFixed(3)} ms`;
const rows: string[][] = [];
const row = (...cells: (string | number)[]) => rows.push(cells.map(String));

async function main(): Promise<void> {
  const schema = uniqueSchema('budget_bench');
  const namespace = uniqueNamespace('bbench');
  const env = {
    DB_SCHEMA: schema,
    BUS_NAMESPACE: namespace,
    IRONCAGE_ADMIN_KEY: ADMIN_KEY,
    TEMPORAL_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    DB_POOL_MAX: '20',
    NODE_ENV: 'production',
  };
  const services: ServiceProcess[] = [];
  const db = new Client({ connectionString: testInfra.databaseUrl });
  let bus: BusConnection | undefined;
  try {
    services.push(await startServiceProcess('budget', env, { timeoutMs: 60_000 }));
    for (let i = 1; i < REPLICAS; i++) services.push(await startServiceProcess('budget', { ...env, DB_MIGRATE_ON_START: 'false' }, { timeoutMs: 60_000 }));
    await db.connect();
    await db.query(`SET search_path TO "${schema}"`);
    await seed(db);
    bus = await BusConnection.connect({ servers: testInfra.natsUrl, service: 'budget-bench', namespace });
    const rpc = new RpcClient(bus);

    const flow = async (keyId: string, teamId: string, orgId = ORG, size = { input: 500, output: 500 }) => {
      const requestId = randomUUID();
      const t0 = performance.now();
      const d = await rpc.call(
        budgetAuthorizeRpc,
        { requestId, orgId, principal: { keyId, teamId }, model: 'gpt-4o-mini', provider: 'mock', estimatedInputTokens: size.input, maxOutputTokens: size.output },
        { timeoutMs: 30_000 },
      );
      const t1 = performance.now();
      if (d.allowed) await rpc.call(budgetSettleRpc, { requestId, orgId, usage: { inputTokens: size.input, outputTokens: size.output } }, { timeoutMs: 30_000 });
      const t2 = performance.now();
      return { allowed: d.allowed, authorizeMs: t1 - t0, settleMs: t2 - t1, reserved: d.allowed ? d.reservedMicros : 0 };
    };
    const randomKey = () => {
      const i = Math.floor(Math.random() * KEYS);
      return { key: `k-${i}`, team: `t-${i % TEAMS}` };
    };

    // warm up: connections, prepared statements, JIT
    for (let i = 0; i < 300; i++) {
      const k = randomKey();
      await flow(k.key, k.team);
    }

    // 1. sequential
    const authorize: number[] = [];
    const settle: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const k = randomKey();
      const r = await flow(k.key, k.team);
      authorize.push(r.authorizeMs);
      settle.push(r.settleMs);
    }
    const ping: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const t0 = performance.now();
      await rpc.call(platformPingRpc, { from: 'bench' });
      ping.push(performance.now() - t0);
    }
    const direct: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const k = randomKey();
      const t0 = performance.now();
      await db.query({
        name: 'bench_authorize',
        text: `SELECT budget_authorize($1, $2, gen_random_uuid(), $3, NULL, $4, NULL, NULL, 'gpt-4o-mini', 'mock', NULL, NULL, 375, 500, 500, 1000, now(), now() + interval '15 minutes') AS r`,
        values: [ORG, randomUUID(), k.key, k.team],
      });
      direct.push(performance.now() - t0);
    }
    row('sequential', 'budget.authorize (NATS RPC → service → Postgres)', SEQUENTIAL, ms(pct(authorize, 50)), ms(pct(authorize, 99)), '');
    row('sequential', 'budget.settle (NATS RPC → service → Postgres)', SEQUENTIAL, ms(pct(settle, 50)), ms(pct(settle, 99)), '');
    row('sequential', 'authorize + settle round trip', SEQUENTIAL, ms(pct(authorize.map((a, i) => a + settle[i]), 50)), ms(pct(authorize.map((a, i) => a + settle[i]), 99)), '');
    row('baseline', 'platform.ping over NATS (transport only)', SEQUENTIAL, ms(pct(ping, 50)), ms(pct(ping, 99)), '');
    row('in service', 'budget.authorize inside the process (histogram)', SEQUENTIAL + 300, await inProcessShare(services[0].url), '', '');
    row('baseline', 'budget_authorize() called directly (Postgres only)', SEQUENTIAL, ms(pct(direct, 50)), ms(pct(direct, 99)), '');
    await db.query(`SELECT budget_expire_reservations('infinity', 100000)`);

    // 2. sustained
    for (const [label, pick] of [
      ['10k budgets, random keys', randomKey],
      ['one hot key (same 3 rows)', () => ({ key: 'k-0', team: 't-0' })],
    ] as const) {
      const lat: number[] = [];
      let flows = 0;
      const until = performance.now() + SECONDS * 1000;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (performance.now() < until) {
            const k = pick();
            const r = await flow(k.key, k.team);
            lat.push(r.authorizeMs);
            flows++;
          }
        }),
      );
      const elapsed = (performance.now() - t0) / 1000;
      row(`sustained c=${CONCURRENCY}`, `authorize + settle, ${label}`, flows, ms(pct(lat, 50)), ms(pct(lat, 99)), `${Math.round(flows / elapsed)} flows/s`);
    }

    // 3. overspend: 500 concurrent flows at a budget that covers 50 (normal and streaming-sized)
    const limit = 50 * 750; // 50 requests of 500 + 500 tokens at $0.15/$0.60 per million = 375 micro-USD each ×2
    await db.query(
      `INSERT INTO budgets (id, org_id, name, scope_kind, scope_id, limit_micros, period, anchor, period_start) VALUES (gen_random_uuid(), 'overspend-org', 'covers 50', 'key', 'k-hot', $1, 'daily', now(), date_trunc('day', now(), 'UTC'))`,
      [limit],
    );
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) => flow('k-hot', 't-hot', 'overspend-org', i % 5 === 0 ? { input: 2000, output: 4000 } : { input: 1000, output: 1000 })),
    );
    const elapsed = performance.now() - t0;
    const [{ spent, n }] = (await db.query(`SELECT coalesce(sum(cost_micros), 0)::bigint AS spent, count(*)::int AS n FROM ledger_entries WHERE org_id = 'overspend-org'`)).rows as {
      spent: string;
      n: number;
    }[];
    const allowed = results.filter((r) => r.allowed).length;
    row(
      'overspend',
      `500 concurrent flows, budget ${limit} µ$ (covers 50 of 750 µ$)`,
      500,
      ms(pct(results.map((r) => r.authorizeMs), 50)),
      ms(pct(results.map((r) => r.authorizeMs), 99)),
      `served ${allowed}, ledger ${n} rows = ${spent} µ$ ≤ ${limit}: ${BigInt(spent) <= BigInt(limit) ? 'yes' : 'NO'}; ${Math.round(elapsed)} ms`,
    );

    const widths = [0, 1, 2, 3, 4, 5].map((c) => Math.max(...[['scenario', 'what', 'calls', 'p50', 'p99', 'throughput / result'], ...rows].map((r) => r[c].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
    console.log(`\nbudget benchmark — ${REPLICAS} replica(s), ${KEYS + TEAMS + 1} active budgets, Node ${process.version}, ${new Date().toISOString()}`);
    console.log(line(['scenario', 'what', 'calls', 'p50', 'p99', 'throughput / result']));
    console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
    for (const r of rows) console.log(line(r));
  } finally {
    for (const s of services) await s.stop('SIGTERM');
    await db.end().catch(() => undefined);
    if (bus) {
      for await (const name of bus.jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) await bus.jsm.streams.delete(name);
      await bus.close();
    }
    await dropSchema(schema);
  }
}

/** Where budget_authorize_duration_seconds puts the service's own time: the share of calls under each bucket. */
async function inProcessShare(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const buckets = new Map<string, number>();
  for (const m of text.matchAll(/^budget_authorize_duration_seconds_bucket\{[^}]*le="([^"]+)"[^}]*\} (\d+)/gm)) buckets.set(m[1], (buckets.get(m[1]) ?? 0) + Number(m[2]));
  const total = buckets.get('+Inf') ?? 0;
  const share = (le: string) => `${Math.round((100 * (buckets.get(le) ?? 0)) / Math.max(total, 1))} % ≤ ${Number(le) * 1000} ms`;
  return [share('0.00025'), share('0.0005'), share('0.001')].join(', ');
}

/** 10 000 key budgets, 100 team budgets, one org budget, all daily and far from their limits. */
async function seed(db: Client): Promise<void> {
  await db.query(
    `INSERT INTO budgets (id, org_id, name, scope_kind, scope_id, limit_micros, period, timezone, anchor, period_start)
     SELECT gen_random_uuid(), $1, 'key ' || i, 'key', 'k-' || i, 1000000000, 'daily', 'UTC', now(), date_trunc('day', now(), 'UTC') FROM generate_series(0, $2 - 1) i
     UNION ALL
     SELECT gen_random_uuid(), $1, 'team ' || i, 'team', 't-' || i, 100000000000, 'daily', 'UTC', now(), date_trunc('day', now(), 'UTC') FROM generate_series(0, $3 - 1) i
     UNION ALL
     SELECT gen_random_uuid(), $1, 'org', 'org', $1, 1000000000000, 'monthly', 'UTC', now(), date_trunc('month', now(), 'UTC')`,
    [ORG, KEYS, TEAMS],
  );
  await db.query('ANALYZE budgets');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
