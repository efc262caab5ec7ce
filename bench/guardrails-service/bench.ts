/**
 * Guardrails service benchmark: the scan RPC round trip over NATS, as the gateway makes it, against
 * the built service started as its own process (one replica), with a realistic policy and 1 KB
 * prompts (a few with an e-mail address or a phone number, so tokenisation runs too).
 *
 *   npx nx run-many -t build && node -r @swc-node/register bench/guardrails-service/bench.ts
 *
 * 1. sequential: one caller, BENCH_CALLS calls of guardrails.scan.input; latency p50/p90/p99.
 * 2. concurrent: BENCH_CONCURRENCY callers, BENCH_CALLS calls in all; throughput and latency.
 * 3. guardrails.scan.stream: a 1 KB answer in 64-character deltas (16 calls per stream), per call.
 * 4. guardrails.authorize-tool with a JSON Schema and the SQL check, per call.
 * 5. the service's own time per scan (guardrails_scan_duration_seconds from /metrics), so the rest
 *    of the round trip is transport (NATS, JSON, validation).
 * Knobs: BENCH_CALLS (5000), BENCH_CONCURRENCY (16). Infrastructure from infra/local (NATS_URL, …).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BusConnection, RpcClient } from '@ironcage/bus';
import { guardrailsAuthorizeToolRpc, guardrailsScanInputRpc, guardrailsScanStreamRpc } from '@ironcage/contracts';
import { dropSchema, startServiceProcess, testInfra, uniqueNamespace, uniqueSchema } from '@ironcage/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

const CALLS = Number(process.env.BENCH_CALLS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

const POLICY = `
version: 1
description: benchmark policy (what a regulated org would run)
failMode: closed
input:
  injection: { action: block }
  pii: { action: redact, minScore: 0.5, modes: { default: tokenize, CREDIT_CARD: mask, US_SSN: block } }
  secrets: { action: redact, modes: { default: placeholder } }
output:
  pii: { action: allow }
  secrets: { action: redact }
tools:
  default: deny
  rules:
    - tools: db.query
      arguments: { type: object, required: [sql], properties: { sql: { type: string } } }
      validate: { sql: { arguments: [sql] } }
`;

const SENTENCES = [
  'Our quarterly revenue grew by eleven percent, driven mostly by the new subscription tier in Europe.',
  'Please summarise the attached meeting notes and list the action items with their owners.',
  'The customer reported that the export button does nothing when the table has more than ten thousand rows.',
  'Draft a polite reply explaining that the refund will arrive within five business days.',
  'Compare the two proposals below and recommend one, giving three reasons for the choice.',
  'Translate the following paragraph into German, keeping the technical terms in English.',
  'The migration plan moves the billing database first, then the reporting replicas, over two weekends.',
  'Write unit tests for the date parser, covering leap years, time zones and invalid input.',
];
const EXTRAS = ['You can reach me at maria.lopez@example.org if anything is unclear.', 'Call the site manager on +44 20 7946 0958 before nine.', ''];

function prompt(i: number): string {
  let s = '';
  let k = i;
  while (s.length < 1000) s += `${SENTENCES[k++ % SENTENCES.length]} `;
  const extra = EXTRAS[i % EXTRAS.length];
  return (extra ? `${s.slice(0, 1024 - extra.length - 1)} ${extra}` : s).slice(0, 1024);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;

async function main(): Promise<void> {
  const namespace = uniqueNamespace('benchg');
  const schema = uniqueSchema('guardrails');
  const adminKey = `bench-admin-${randomBytes(16).toString('hex')}`;
  const service = await startServiceProcess('guardrails', { BUS_NAMESPACE: namespace, DB_SCHEMA: schema, IRONCAGE_ADMIN_KEY: adminKey, LOG_LEVEL: 'warn' }, { timeoutMs: 60_000 });
  const bus = await BusConnection.connect({ servers: testInfra.natsUrl, service: 'bench', namespace });
  try {
    const orgId = 'bench-org';
    const up = await fetch(`${service.url}/v1/policies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ orgId, yaml: POLICY, activate: true }),
    });
    if (up.status !== 201) throw new Error(`policy upload failed: ${up.status} ${await up.text()}`);
    const rpc = new RpcClient(bus);
    const prompts = Array.from({ length: 64 }, (_, i) => prompt(i));
    const call = (i: number) => rpc.call(guardrailsScanInputRpc, { requestId: randomUUID(), orgId, principal: { keyId: 'bench' }, texts: [prompts[i % prompts.length]] }, { timeoutMs: 5000 });

    const actions = new Map<string, number>();
    for (let i = 0; i < 500; i++) {
      const r = await call(i);
      actions.set(r.action, (actions.get(r.action) ?? 0) + 1);
    }

    const sequential: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t = performance.now();
      await call(i);
      sequential.push(performance.now() - t);
    }
    sequential.sort((a, b) => a - b);

    const concurrent: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CALLS) {
          const i = next++;
          const t = performance.now();
          await call(i);
          concurrent.push(performance.now() - t);
        }
      }),
    );
    const elapsedS = (performance.now() - started) / 1000;
    concurrent.sort((a, b) => a - b);

    const streamCalls: number[] = [];
    for (let n = 0; n < Math.max(20, Math.floor(CALLS / 50)); n++) {
      const text = prompts[n % prompts.length];
      const requestId = randomUUID();
      let state: string | undefined;
      for (let seq = 0; seq * 64 < text.length; seq++) {
        const t = performance.now();
        const r = await rpc.call(
          guardrailsScanStreamRpc,
          { requestId, orgId, seq, delta: text.slice(seq * 64, seq * 64 + 64), final: (seq + 1) * 64 >= text.length, ...(state ? { state } : {}) },
          { timeoutMs: 5000 },
        );
        streamCalls.push(performance.now() - t);
        state = r.state;
      }
    }
    streamCalls.sort((a, b) => a - b);

    const toolCalls: number[] = [];
    for (let i = 0; i < Math.max(200, Math.floor(CALLS / 5)); i++) {
      const t = performance.now();
      await rpc.call(
        guardrailsAuthorizeToolRpc,
        { requestId: randomUUID(), orgId, principal: { keyId: 'bench' }, tool: 'db.query', arguments: { sql: `SELECT id, total FROM orders WHERE customer_id = ${i} AND status = 'open' ORDER BY created_at DESC LIMIT 20` } },
        { timeoutMs: 5000 },
      );
      toolCalls.push(performance.now() - t);
    }
    toolCalls.sort((a, b) => a - b);

    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    const num = (name: string) => Number(new RegExp(`^${name}\\{[^}]*direction="input"[^}]*\\} ([0-9.e+-]+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    const serviceMeanMs = (num('guardrails_scan_duration_seconds_sum') / num('guardrails_scan_duration_seconds_count')) * 1000;
    const rss = /^process_resident_memory_bytes\{[^}]*\} ([0-9.e+]+)$/m.exec(metrics)?.[1];

    const bytes = prompts.reduce((n, p) => n + Buffer.byteLength(p), 0) / prompts.length;
    process.stdout.write(
      [
        `guardrails.scan.input over NATS, 1 replica, ${Math.round(bytes)}-byte prompts, policy: injection block, PII tokenise, secrets redact`,
        `decisions in warm-up: ${[...actions].map(([a, n]) => `${a} ${n}`).join(', ')}`,
        `sequential (${CALLS} calls): p50 ${fmt(pct(sequential, 50))}, p90 ${fmt(pct(sequential, 90))}, p99 ${fmt(pct(sequential, 99))}, ${(CALLS / (sequential.reduce((a, b) => a + b, 0) / 1000)).toFixed(0)} calls/s`,
        `concurrent (${CONCURRENCY} callers, ${CALLS} calls): ${(CALLS / elapsedS).toFixed(0)} calls/s, ${((CALLS * bytes) / elapsedS / 1e6).toFixed(2)} MB/s, p50 ${fmt(pct(concurrent, 50))}, p99 ${fmt(pct(concurrent, 99))}`,
        `scan.stream (${streamCalls.length} calls of 64 characters): p50 ${fmt(pct(streamCalls, 50))}, p99 ${fmt(pct(streamCalls, 99))}`,
        `authorize-tool with JSON Schema + SQL parse (${toolCalls.length} calls): p50 ${fmt(pct(toolCalls, 50))}, p99 ${fmt(pct(toolCalls, 99))}`,
        `service time per scan (policy + engine + redaction, mean): ${fmt(serviceMeanMs)}; service RSS ${rss ? (Number(rss) / 1e6).toFixed(0) : '?'} MB`,
        '',
      ].join('\n'),
    );
  } finally {
    await bus.close();
    await service.stop('SIGTERM');
    const nc = await connect({ servers: testInfra.natsUrl });
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) await jsm.streams.delete(name);
    await nc.close();
    await dropSchema(schema);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
