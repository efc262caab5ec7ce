// Audit trail benchmark: ingest through the real path, query latency on a million entries, export throughput.
//   node -r @swc-node/register bench/observability/bench.ts [--quick] [--ingest-only]
// Needs the local stack (bash infra/local/up.sh or infra-up.sh) and a build (npx nx run-many -t build).
// Starts the built observability service as its own process in a namespace and schema of its own,
// publishes events to JetStream as the gateway would, and times what comes out. Prints figures,
// asserts nothing; removes what it created.
import { EventPublisher } from '@ironcage/bus';
import { EVENTS, requestReceivedEvent, costIncurredEvent, policyViolatedEvent } from '@ironcage/contracts';
import { openDataSource } from '@ironcage/kit';
import { dropSchema, sql, testInfra, waitFor } from '@ironcage/testing';
import { observabilityPersistence } from '../../services/observability/src/persistence';
import { insertBulkEntries } from '../../services/observability/src/testing/bulk-entries';
import { isolatedStack } from '../../tests/e2e/stack';

const quick = process.argv.includes('--quick');
const ingestOnly = process.argv.includes('--ingest-only');
const INGEST_EVENTS = quick ? 5_000 : 20_000;
const INGEST_ORGS = 8;
const QUERY_ENTRIES = quick ? 100_000 : 1_000_000;
const QUERY_RUNS = quick ? 20 : 60;
const EXPORT_ROWS = quick ? 50_000 : 200_000;
const DEADLINE = Date.now() + 15 * 60_000;

const rows: string[][] = [];
const row = (...cells: (string | number)[]) => rows.push(cells.map(String));
const ms = (ns: bigint) => Number(ns) / 1e6;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

async function main(): Promise<void> {
  const stack = isolatedStack('bench');
  const env: Record<string, string> = { ...stack.envFor('observability'), LOG_LEVEL: 'warn', DB_POOL_MAX: '16', AUDIT_INGEST_BATCH_MAX: '1000', NODE_OPTIONS: '--max-semi-space-size=64' };
  const schema = env.DB_SCHEMA;
  const t = (table: string) => `"${schema}".${table}`;
  const bus = await stack.bus('gateway');
  await bus.provisionStreams();
  const publisher = new EventPublisher(bus);
  const auth = { authorization: `Bearer ${stack.adminKey}` };
  let service: Awaited<ReturnType<typeof stack.start>> | undefined;
  try {
    // 1. ingest: publish → JetStream → durable consumers → batched, hash-chained appends in Postgres
    const contracts = [requestReceivedEvent, costIncurredEvent, policyViolatedEvent] as const;
    const principal = { keyId: 'key-1', userId: 'user-1', teamId: 'team-1' };
    const data = [
      { requestId: 'r', principal, endpoint: '/v1/chat/completions', method: 'POST', status: 200, latencyMs: 120, model: 'gpt-4o', provider: 'openai', usage: { inputTokens: 50, outputTokens: 200 } },
      { requestId: 'r', principal, model: 'gpt-4o', provider: 'openai', usage: { inputTokens: 50, outputTokens: 200 }, costMicros: 2250, currency: 'USD', estimated: false, priced: true },
      { requestId: 'r', principal, direction: 'input', scanner: 'pii', ruleId: 'input.pii', action: 'redact', severity: 'medium' },
    ];
    const publishAll = async (from: number, count: number): Promise<number> => {
      const t0 = process.hrtime.bigint();
      const window = 1000;
      for (let i = from; i < from + count; i += window) {
        await Promise.all(
          Array.from({ length: Math.min(window, from + count - i) }, (_, j) => {
            const n = i + j;
            const k = n % 10 < 6 ? 0 : n % 10 < 9 ? 1 : 2; // mostly requests, then costs, a few violations
            return publisher.publish(contracts[k], { ...data[k], requestId: `req-${n}` } as never, { orgId: `bench-org-${n % INGEST_ORGS}` });
          }),
        );
      }
      return ms(process.hrtime.bigint() - t0);
    };
    const recorded = async () => Number((await sql<{ n: string }>(`SELECT coalesce(sum(seq), 0) AS n FROM ${t('audit_chain_heads')}`))[0].n);
    /**
     * Entries per second while the service was in its stride: between the recording times of the
     * 10th and the 90th percentile entry (start-up and the last stragglers left out), and overall.
     */
    const recordingRate = async (count: number): Promise<{ rate: number; overall: number; seconds: number }> => {
      const [r] = await sql<{ first: Date; p10: Date; p90: Date; last: Date }>(
        `SELECT min(recorded_at) AS first, percentile_disc(0.1) WITHIN GROUP (ORDER BY recorded_at) AS p10,
                percentile_disc(0.9) WITHIN GROUP (ORDER BY recorded_at) AS p90, max(recorded_at) AS last FROM ${t('audit_entries')}`,
      );
      const seconds = (r.last.getTime() - r.first.getTime()) / 1000;
      return { rate: Math.round((0.8 * count) / ((r.p90.getTime() - r.p10.getTime()) / 1000)), overall: Math.round(count / seconds), seconds };
    };

    // 1a. a backlog: everything published while the service is down, then drained by it
    log(`ingest: publishing a backlog of ${INGEST_EVENTS} events over ${INGEST_ORGS} orgs`);
    const publishMs = await publishAll(0, INGEST_EVENTS);
    row('ingest', `publisher (this process), ${INGEST_EVENTS} events`, 'publish rate', `${Math.round(INGEST_EVENTS / (publishMs / 1000))} events/s`);
    log(`starting observability (namespace ${stack.namespace}, schema ${schema})`);
    service = await stack.start('observability', env);
    await waitFor(async () => (await recorded()) >= INGEST_EVENTS, 'every event recorded', 5 * 60_000, 100);
    const drain = await recordingRate(INGEST_EVENTS);
    row('ingest', `backlog of ${INGEST_EVENTS} events drained by the service`, 'sustained (p10–p90)', `${drain.rate} events/s`);
    row('ingest', `backlog of ${INGEST_EVENTS} events drained by the service`, 'first → last commit', `${drain.overall} events/s (${drain.seconds.toFixed(2)} s, start-up included)`);

    // 1b. live: published while the service consumes, both on this machine
    await sql(`TRUNCATE ${t('audit_entries')}, ${t('audit_chain_heads')}, ${t('audit_checkpoints')}`);
    log(`ingest: publishing ${INGEST_EVENTS} events while the service consumes`);
    const liveStart = process.hrtime.bigint();
    await publishAll(INGEST_EVENTS, INGEST_EVENTS);
    await waitFor(async () => (await recorded()) >= INGEST_EVENTS, 'every event recorded', 5 * 60_000, 50);
    const liveMs = ms(process.hrtime.bigint() - liveStart);
    const live = await recordingRate(INGEST_EVENTS);
    row('ingest', `live: ${INGEST_EVENTS} events published while consumed`, 'sustained (p10–p90)', `${live.rate} events/s`);
    row('ingest', `live: ${INGEST_EVENTS} events published while consumed`, 'first publish → last commit', `${Math.round(INGEST_EVENTS / (liveMs / 1000))} events/s (${(liveMs / 1000).toFixed(2)} s)`);
    const metricsText = await (await fetch(`${service!.url}/metrics`)).text();
    const metric = (name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} ([0-9.e+-]+)$`, 'm').exec(metricsText)?.[1] ?? NaN);
    const batches = metric('audit_append_batch_size_count');
    row('ingest', 'append transactions', 'mean size / mean time', `${(metric('audit_append_batch_size_sum') / batches).toFixed(0)} entries / ${((metric('audit_append_duration_seconds_sum') / batches) * 1000).toFixed(1)} ms`);
    const checkpoints = (await sql<{ n: string }>(`SELECT count(*) AS n FROM ${t('audit_checkpoints')}`))[0].n;
    row('ingest', 'signed checkpoints written (live run)', 'count', checkpoints);

    // verification of what was ingested, through the API
    let verified = 0;
    const verifyStart = process.hrtime.bigint();
    for (let o = 0; o < INGEST_ORGS; o++) {
      const r = await fetch(`${service!.url}/v1/audit/verify?orgId=bench-org-${o}`, { headers: auth });
      const body = (await r.json()) as { ok: boolean; entries: { verified: number } };
      if (!body.ok) throw new Error(`chain of bench-org-${o} does not verify: ${JSON.stringify(body)}`);
      verified += body.entries.verified;
    }
    row('verify', `${verified} entries, ${INGEST_ORGS} chains`, 'rate', `${Math.round(verified / (ms(process.hrtime.bigint() - verifyStart) / 1000))} entries/s`);

    if (ingestOnly) return printTable();
    // 2. query latency on a million entries of one org (plus the ingested ones of the others)
    log(`query: inserting ${QUERY_ENTRIES} entries`);
    const db = await openDataSource({ DATABASE_URL: testInfra.databaseUrl, DB_SCHEMA: schema, DB_POOL_MAX: 2 }, observabilityPersistence);
    const big = 'bench-big';
    const insertStart = process.hrtime.bigint();
    const chunk = 100_000;
    for (let s = 1; s <= QUERY_ENTRIES; s += chunk) {
      await insertBulkEntries(db, { orgId: big, count: Math.min(chunk, QUERY_ENTRIES - s + 1), startSeq: s, stepMs: 2000 });
      log(`  ${Math.min(s + chunk - 1, QUERY_ENTRIES)} inserted`);
    }
    await db.query('ANALYZE audit_entries');
    row('setup', `${QUERY_ENTRIES} entries (one SQL insert per 100k)`, 'time', `${(ms(process.hrtime.bigint() - insertStart) / 1000).toFixed(1)} s`);
    const size = (await db.query(`SELECT pg_size_pretty(pg_total_relation_size('audit_entries')) AS s`)) as { s: string }[];
    row('setup', 'audit_entries with indexes', 'size', size[0].s);

    const mid = new Date(Date.parse('2026-01-01T00:00:00Z') + QUERY_ENTRIES * 1000).toISOString();
    const midPlusHour = new Date(Date.parse(mid) + 3600_000).toISOString();
    const firstPage = (await (await fetch(`${service!.url}/v1/audit/entries?orgId=${big}&limit=100`, { headers: auth })).json()) as { nextCursor: string };
    const deepCursor = Buffer.from(`a${Math.floor(QUERY_ENTRIES * 0.9)}`).toString('base64url');
    const cases: [string, string][] = [
      ['first page, no filter (limit 100)', ''],
      ['next page by cursor', `cursor=${firstPage.nextCursor}`],
      ['page at 90 % depth by cursor', `cursor=${deepCursor}`],
      ['newest first', 'order=desc'],
      ['time range, 1 hour', `from=${mid}&to=${midPlusHour}`],
      ['actor key (1 in 50)', 'actorKeyId=key-17'],
      ['actor user + outcome', 'actorUserId=user-3&outcome=failure'],
      ['actor agent', 'actorAgentId=agent-2'],
      ['action exact', `action=${EVENTS.policyViolated}`],
      ['action prefix', 'action=credential.*'],
      ['resource exact', 'resource=key:key-7'],
      ['free text, rare word (1 in 1000)', 'q=quarantine'],
      ['free text + time range', `q=quarantine&from=${mid}&to=${new Date(Date.parse(mid) + 86_400_000 * 3).toISOString()}`],
      ['trace id', `traceId=${'0'.repeat(32)}`],
    ];
    log('query: timing');
    for (const [name, query] of cases) {
      const url = `${service!.url}/v1/audit/entries?orgId=${big}&limit=100${query ? `&${query}` : ''}`;
      for (let w = 0; w < 3; w++) await (await fetch(url, { headers: auth })).arrayBuffer();
      const times: number[] = [];
      let count = 0;
      for (let i = 0; i < QUERY_RUNS && Date.now() < DEADLINE; i++) {
        const t0 = process.hrtime.bigint();
        const r = await fetch(url, { headers: auth });
        const body = (await r.json()) as { entries: unknown[] };
        times.push(ms(process.hrtime.bigint() - t0));
        if (r.status !== 200) throw new Error(`${name}: ${r.status} ${JSON.stringify(body)}`);
        count = body.entries.length;
      }
      times.sort((a, b) => a - b);
      row('query', `${name} → ${count} rows`, 'p50 / p99', `${pct(times, 50).toFixed(1)} / ${pct(times, 99).toFixed(1)} ms`);
    }

    // 3. export throughput: a time range of EXPORT_ROWS entries, through HTTP
    const exportFrom = '2026-01-01T00:00:00Z';
    const exportTo = new Date(Date.parse(exportFrom) + EXPORT_ROWS * 2000).toISOString();
    for (const format of ['jsonl', 'csv']) {
      const t0 = process.hrtime.bigint();
      const r = await fetch(`${service!.url}/v1/audit/export?orgId=${big}&from=${exportFrom}&to=${exportTo}&format=${format}`, { headers: auth });
      let bytes = 0;
      let lines = 0;
      for await (const c of r.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += c.length;
        for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
      }
      const seconds = ms(process.hrtime.bigint() - t0) / 1000;
      const records = format === 'csv' ? lines - 1 : lines;
      row('export', `${format}, ${records} rows, ${(bytes / 1e6).toFixed(0)} MB`, 'throughput', `${(bytes / 1e6 / seconds).toFixed(1)} MB/s, ${Math.round(records / seconds)} rows/s`);
    }
    await db.destroy();

    const metrics = await (await fetch(`${service!.url}/metrics`)).text();
    const rss = /process_resident_memory_bytes\{[^}]*\} (\d+)/.exec(metrics);
    if (rss) row('service', 'observability process after all of it', 'RSS', `${(Number(rss[1]) / 1e6).toFixed(0)} MB`);
  } finally {
    await bus.close();
    await stack.teardown();
    await dropSchema(schema).catch(() => undefined);
  }

  printTable();
}

function printTable(): void {
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length), ['part', 'what', 'measure', 'figure'][c].length));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\nobservability audit trail — node ${process.version}, ${quick ? 'quick' : 'full'} run\n`);
  console.log(line(['part', 'what', 'measure', 'figure']));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
