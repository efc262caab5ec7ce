/**
 * Added latency, throughput and memory of three gateways in front of one local mock upstream,
 * measured the same way in one run: Iron Cage's gateway (virtual-key auth, model RBAC and
 * request.received + cost.incurred published to JetStream for every request; and once more with
 * budget enforcement on, against a budget service process), Portkey's
 * open-source gateway (@portkey-ai/gateway, bench/gateway/peers) and LiteLLM proxy (litellm[proxy]
 * in .data/tools/litellm-venv). Loopback only, bounded durations; prints a table.
 *
 *   node -r @swc-node/register bench/gateway/bench.ts     (set-up: bench/gateway/README.md)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dropSchema, freePort, testInfra } from '@ironcage/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Pool } from 'undici';

interface AutocannonResult {
  requests: { total: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
}
type Autocannon = (opts: Record<string, unknown>) => AutocannonInstance;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- autocannon ships no types
const autocannon = require('autocannon') as Autocannon;

const root = resolve(__dirname, '..', '..');
const node = process.execPath;
const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const C1_SECONDS = seconds('BENCH_C1_SECONDS', 5);
const C32_SECONDS = seconds('BENCH_C32_SECONDS', 5);
const STEP_SECONDS = seconds('BENCH_STEP_SECONDS', 4);
const ROUNDS = seconds('BENCH_ROUNDS', 3);
const RATES = (process.env.BENCH_RATES ?? '250,500,1000,1500,2000,3000,4000,5000,6000,8000').split(',').map(Number);
const ONLY = process.env.BENCH_ONLY?.split(',');

interface Proc {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

function start(cmd: string, args: string[], env: Record<string, string> = {}, unset: string[] = []): Proc {
  const full: Record<string, string | undefined> = { ...process.env, ...env };
  for (const name of unset) delete full[name];
  const child = spawn(cmd, args, { cwd: root, env: full, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function until(what: string, probe: () => Promise<boolean>, proc?: Proc, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && proc.child.exitCode !== null) throw new Error(`${what}: the process exited\n${proc.output()}`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms\n${proc?.output() ?? ''}`);
}

/** Resident memory of a process and its descendants, in MiB. */
function rssMiB(pid: number): number {
  let kb = 0;
  const visit = (p: number) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${p}/task`)) {
        for (const c of readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').split(/\s+/).filter(Boolean)) visit(Number(c));
      }
    } catch {
      // the process ended meanwhile
    }
  };
  visit(pid);
  return kb / 1024;
}

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  pid?: number;
  note: string;
}

interface Run {
  p50: number;
  p99: number;
  rps: number;
  failures: number;
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function load(target: Target, options: { connections: number; seconds: number; overallRate?: number }): Promise<Run> {
  const samples: number[] = [];
  const instance = autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: target.body,
    connections: options.connections,
    duration: options.seconds,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    timeout: 30,
  });
  instance.on('response', (_c, status, _b, ms) => {
    if (status === 200) samples.push(ms);
  });
  const result = await instance;
  const sorted = Float64Array.from(samples).sort();
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), rps: samples.length / result.duration, failures: result.non2xx + result.errors + result.timeouts };
}

/**
 * Open-loop load at a fixed rate: requests leave on a schedule (1/rate apart, over up to 256
 * keep-alive connections) whether or not earlier ones were answered, and each latency counts from
 * its scheduled time, so a stalled gateway cannot slow the generator down and hide its queue
 * (coordinated omission). autocannon's rate mode sends in bursts, which measures burst handling.
 */
async function paced(target: Target, rate: number, seconds: number): Promise<Run> {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections: 256, pipelining: 1 });
  const headers = { 'content-type': 'application/json', ...target.headers };
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const samples: number[] = [];
  let failures = 0;
  let sent = 0;
  let done = 0;
  const started = performance.now();
  await new Promise<void>((finish) => {
    const fire = (scheduled: number) => {
      pool
        .request({ path: url.pathname, method: 'POST', headers, body: target.body, headersTimeout: 30_000, bodyTimeout: 30_000 })
        .then(async (r) => {
          await r.body.dump();
          if (r.statusCode === 200) samples.push(performance.now() - scheduled);
          else failures++;
        })
        .catch(() => failures++)
        .finally(() => {
          if (++done === total) finish();
        });
    };
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
      while (sent < due) fire(started + sent++ * interval);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  const sorted = Float64Array.from(samples).sort();
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), rps: samples.length / elapsed, failures };
}

interface Report {
  name: string;
  note: string;
  c1: Run;
  c32: Run;
  sweep: { rate: number; run: Run }[];
  peakRss?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const medianRun = (runs: Run[]): Run => ({ p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)), rps: median(runs.map((r) => r.rps)), failures: Math.max(...runs.map((r) => r.failures)) });

/**
 * Every phase rotates between the targets (the direct baseline first), ROUNDS times, and the
 * median of the rounds is kept: a busy spell of a shared machine then hits every gateway alike.
 * The rate sweep goes up one rate at a time for all targets still keeping up.
 */
async function measureAll(targets: Target[]): Promise<Report[]> {
  const peak = new Map<Target, number>();
  const sampler = setInterval(() => {
    for (const t of targets) if (t.pid) peak.set(t, Math.max(peak.get(t) ?? 0, rssMiB(t.pid)));
  }, 250);
  try {
    for (const t of targets) {
      process.stderr.write(`${t.name}: warm-up\n`);
      await load(t, { connections: 16, seconds: 3 });
    }
    const c1 = new Map<Target, Run[]>();
    const c32 = new Map<Target, Run[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const t of targets) {
        process.stderr.write(`round ${round}: ${t.name}, 1 and 32 connections\n`);
        c1.set(t, [...(c1.get(t) ?? []), await load(t, { connections: 1, seconds: C1_SECONDS })]);
        c32.set(t, [...(c32.get(t) ?? []), await load(t, { connections: 32, seconds: C32_SECONDS })]);
      }
    }
    const sweeps = new Map<Target, { rate: number; run: Run }[]>(targets.map((t) => [t, []]));
    const going = new Set(targets);
    const [direct] = targets;
    for (const rate of RATES) {
      for (const t of targets) {
        if (!going.has(t)) continue;
        process.stderr.write(`${t.name}: ${rate} requests/s\n`);
        const run = await paced(t, rate, STEP_SECONDS);
        sweeps.get(t)!.push({ rate, run });
        const base = t === direct ? undefined : sweeps.get(direct)!.find((s) => s.rate === rate)?.run;
        if (run.rps < rate * 0.95 || run.failures > 0 || (base && run.p99 - base.p99 >= 10)) going.delete(t);
      }
      if (going.size <= 1) break;
    }
    return targets.map((t) => ({ name: t.name, note: t.note, c1: medianRun(c1.get(t)!), c32: medianRun(c32.get(t)!), sweep: sweeps.get(t)!, ...(t.pid ? { peakRss: peak.get(t) } : {}) }));
  } finally {
    clearInterval(sampler);
  }
}

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(2) : '–');

function table(direct: Report, gateways: Report[]): string {
  const header = ['gateway', 'added p50 c=1 (ms)', 'added p99 c=1 (ms)', 'added p50 c=32 (ms)', 'added p99 c=32 (ms)', 'max req/s c=32', 'req/s with added p99 < 10 ms', 'peak RSS (MiB)'];
  const rows = [
    ['direct to mock (baseline)', `${fmt(direct.c1.p50)} abs`, `${fmt(direct.c1.p99)} abs`, `${fmt(direct.c32.p50)} abs`, `${fmt(direct.c32.p99)} abs`, direct.c32.rps.toFixed(0), '–', '–'],
    ...gateways.map((g) => {
      const sustained = g.sweep.filter(({ rate, run }) => {
        const base = direct.sweep.find((s) => s.rate === rate)?.run;
        return base && run.rps >= rate * 0.95 && run.failures === 0 && run.p99 - base.p99 < 10;
      });
      return [
        g.name,
        fmt(g.c1.p50 - direct.c1.p50),
        fmt(g.c1.p99 - direct.c1.p99),
        fmt(g.c32.p50 - direct.c32.p50),
        fmt(g.c32.p99 - direct.c32.p99),
        g.c32.rps.toFixed(0) + (g.c32.failures ? ` (${g.c32.failures} failed)` : ''),
        sustained.length ? String(sustained.at(-1)!.rate) : `< ${RATES[0]}`,
        g.peakRss ? g.peakRss.toFixed(0) : '–',
      ];
    }),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function json<T>(url: string, init: RequestInit): Promise<T> {
  const r = await fetch(url, init);
  const body = (await r.json()) as T;
  if (!r.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ironcage-bench-gw-'));
  const procs: Proc[] = [];
  const suffix = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const schema = `bench_gateway_${suffix}`;
  const budgetSchema = `bench_budget_${suffix}`;
  const namespace = `benchgw${suffix}`;
  const budgetNamespace = `benchgwb${suffix}`;
  const loadBefore = loadavg().map((l) => l.toFixed(1)).join(' ');
  const body = (model: string) => JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello, how are you?' }], max_tokens: 32 });
  try {
    const mock = start(node, ['-r', '@swc-node/register', 'bench/gateway/mock-upstream.ts']);
    procs.push(mock);
    await until('mock upstream', async () => /mock-upstream (\S+)/.test(mock.output()), mock);
    const mockUrl = /mock-upstream (\S+)/.exec(mock.output())![1];
    const upstreamKey = 'sk-bench-upstream-0123456789';
    const targets: Target[] = [];

    // Iron Cage: auth, RBAC and events on; production mode, warn-level logs. With budget on, a
    // second replica on the same database and bus also reserves every request's worst case with
    // a budget service process (budget.authorize over NATS) before the upstream call: the
    // difference between the two rows is what budget enforcement adds.
    const withBudget = !ONLY || ONLY.includes('ironcage-budget');
    if (!ONLY || ONLY.includes('ironcage') || withBudget) {
      const adminKey = `bench-admin-${randomBytes(16).toString('hex')}`;
      const hashSecret = randomBytes(32).toString('hex');
      writeFileSync(join(dir, 'models.yaml'), `builtins: false\nmodels:\n  openai/gpt-4o-mini:\n    deployments:\n      - { id: bench-openai, provider: openai, model: gpt-4o-mini, baseUrl: "${mockUrl}/v1" }\n`);
      // The budgeted replica and its budget service get a bus namespace of their own: on a shared
      // one, budget would also settle every request of the plain replica while it is measured.
      const gateway = async (name: string, env: Record<string, string>) => {
        const port = await freePort();
        const gw = start(node, ['services/gateway/dist/main.js'], {
          NODE_ENV: 'production',
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          DATABASE_URL: testInfra.databaseUrl,
          NATS_URL: testInfra.natsUrl,
          DB_SCHEMA: schema,
          BUS_NAMESPACE: namespace,
          IRONCAGE_ADMIN_KEY: adminKey,
          GATEWAY_KEY_HASH_SECRET: hashSecret,
          GATEWAY_MODELS_FILE: join(dir, 'models.yaml'),
          OPENAI_API_KEY: upstreamKey,
          GATEWAY_GRPC_PORT: '0',
          ...env,
        });
        procs.push(gw);
        const base = `http://127.0.0.1:${port}`;
        await until(name, async () => (await fetch(`${base}/readyz`)).ok, gw);
        return { base, pid: gw.child.pid };
      };
      const plain = await gateway('iron cage gateway', {});
      const admin = (path: string, payload: unknown) =>
        json<{ id: string; secret: string }>(`${plain.base}${path}`, { method: path.includes('/members/') ? 'PUT' : 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
      await admin('/admin/v1/orgs', { id: 'bench', name: 'Bench' });
      const team = await admin('/admin/v1/orgs/bench/teams', { slug: 'load', name: 'Load', allowedModels: ['openai/*'] });
      const user = await admin('/admin/v1/orgs/bench/users', { email: 'load@bench.test', name: 'Load' });
      await admin(`/admin/v1/orgs/bench/teams/${team.id}/members/${user.id}`, { role: 'member' });
      const key = await admin('/admin/v1/orgs/bench/keys', { name: 'bench', owner: { type: 'user', userId: user.id, teamId: team.id }, allowedModels: ['openai/gpt-4o-mini'] });
      const keyId = (key as unknown as { key: { id: string } }).key.id;
      if (!ONLY || ONLY.includes('ironcage')) {
        targets.push({ name: 'Iron Cage gateway', url: `${plain.base}/v1/chat/completions`, headers: { authorization: `Bearer ${key.secret}` }, body: body('openai/gpt-4o-mini'), pid: plain.pid, note: 'virtual key, RBAC, 2 JetStream events per request' });
      }
      if (withBudget) {
        const budgetPort = await freePort();
        const budget = start(node, ['services/budget/dist/main.js'], {
          NODE_ENV: 'production',
          PORT: String(budgetPort),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          DATABASE_URL: testInfra.databaseUrl,
          NATS_URL: testInfra.natsUrl,
          TEMPORAL_ADDRESS: testInfra.temporalAddress,
          DB_SCHEMA: budgetSchema,
          BUS_NAMESPACE: budgetNamespace,
          IRONCAGE_ADMIN_KEY: adminKey,
        });
        procs.push(budget);
        const budgetBase = `http://127.0.0.1:${budgetPort}`;
        await until('budget service', async () => (await fetch(`${budgetBase}/readyz`)).ok, budget);
        // key, user, team and org budgets: every request reserves on (and settles) all four
        for (const scope of [{ kind: 'key', id: keyId }, { kind: 'user', id: user.id }, { kind: 'team', id: team.id }, { kind: 'org', id: 'bench' }]) {
          await json(`${budgetBase}/v1/budgets`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ orgId: 'bench', name: `bench ${scope.kind}`, scope, period: 'monthly', limitMicros: 1_000_000_000_000 }) });
        }
        const enforced = await gateway('iron cage gateway with budget', { GATEWAY_BUDGET: 'on', BUS_NAMESPACE: budgetNamespace });
        targets.push({
          name: 'Iron Cage gateway + budget',
          url: `${enforced.base}/v1/chat/completions`,
          headers: { authorization: `Bearer ${key.secret}` },
          body: body('openai/gpt-4o-mini'),
          pid: enforced.pid,
          note: 'as above, plus budget.authorize (reserve on key, user, team and org budgets) before the call and settlement by cost.incurred after it; budget service RSS not included',
        });
      }
    }

    if (!ONLY || ONLY.includes('portkey')) {
      const server = join(root, 'bench/gateway/peers/node_modules/@portkey-ai/gateway/build/start-server.js');
      if (!existsSync(server)) process.stderr.write('Portkey is not installed (npm install --prefix bench/gateway/peers): skipped\n');
      else {
        const port = await freePort();
        const pk = start(node, [server, `--port=${port}`, '--headless'], { NODE_ENV: 'production' });
        procs.push(pk);
        await until('portkey', async () => (await fetch(`http://127.0.0.1:${port}/`)).ok, pk);
        targets.push({
          name: 'Portkey gateway (OSS)',
          url: `http://127.0.0.1:${port}/v1/chat/completions`,
          headers: { authorization: `Bearer ${upstreamKey}`, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${mockUrl}/v1` },
          body: body('gpt-4o-mini'),
          pid: pk.child.pid,
          note: 'no auth of its own',
        });
      }
    }

    if (!ONLY || ONLY.includes('litellm')) {
      const litellm = join(root, '.data/tools/litellm-venv/bin/litellm');
      if (!existsSync(litellm)) process.stderr.write('LiteLLM is not installed (see bench/gateway/README.md): skipped\n');
      else {
        const port = await freePort();
        writeFileSync(
          join(dir, 'litellm.yaml'),
          `model_list:\n  - model_name: bench/gpt\n    litellm_params: { model: openai/gpt-4o-mini, api_base: "${mockUrl}/v1", api_key: "${upstreamKey}" }\ngeneral_settings: { master_key: sk-bench-master }\nlitellm_settings: { telemetry: false }\n`,
        );
        const ll = start(litellm, ['--config', join(dir, 'litellm.yaml'), '--host', '127.0.0.1', '--port', String(port), '--num_workers', '1'], {
          LITELLM_LOCAL_MODEL_COST_MAP: 'true',
          LITELLM_LOG: 'ERROR',
          LITELLM_TELEMETRY: 'False',
        }, ['DATABASE_URL']);
        procs.push(ll);
        await until('litellm', async () => (await fetch(`http://127.0.0.1:${port}/health/liveliness`)).ok, ll, 120_000);
        targets.push({ name: 'LiteLLM proxy', url: `http://127.0.0.1:${port}/v1/chat/completions`, headers: { authorization: 'Bearer sk-bench-master' }, body: body('bench/gpt'), pid: ll.child.pid, note: 'master key, no database' });
      }
    }

    for (const t of targets) {
      const r = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...t.headers }, body: t.body });
      if (r.status !== 200) throw new Error(`${t.name} answered ${r.status}: ${await r.text()}`);
    }

    const [direct, ...reports] = await measureAll([{ name: 'direct', url: `${mockUrl}/v1/chat/completions`, headers: {}, body: body('gpt-4o-mini'), note: '' }, ...targets]);

    const result = table(direct, reports);
    process.stdout.write(`\n${result}\n\nnon-streaming chat completion, loopback, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} CPUs; median of ${ROUNDS} rounds of c=1 ${C1_SECONDS} s and c=32 ${C32_SECONDS} s, open-loop rate steps ${STEP_SECONDS} s; load average before the run ${loadBefore}\n`);
    for (const r of reports) process.stdout.write(`${r.name}: ${r.note}; sweep ${r.sweep.map((s) => `${s.rate}→p99 ${fmt(s.run.p99)} ms @${s.run.rps.toFixed(0)}/s`).join(', ')}\n`);
    process.stdout.write(`direct sweep ${direct.sweep.map((s) => `${s.rate}→p99 ${fmt(s.run.p99)} ms`).join(', ')}\n`);
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema).catch(() => undefined);
    await dropSchema(budgetSchema).catch(() => undefined);
    const nc = await connect({ servers: testInfra.natsUrl }).catch(() => undefined);
    if (nc) {
      const jsm = await jetstreamManager(nc);
      for await (const name of jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`) || name.startsWith(`${budgetNamespace.toUpperCase()}_`)) await jsm.streams.delete(name);
      await nc.close();
    }
  }
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
