/**
 * Section 2: the gateway serving chat completions with a provider key leased from the credentials
 * service (GATEWAY_CREDENTIALS=lease), the key rotated under sustained traffic.
 *
 * One credentials process and `gateways` gateway processes (built dist/, production mode, one
 * shared schema and bus namespace) on the NATS, Postgres and Temporal of infra/local; the fake
 * OpenAI (fake-provider.ts, a worker thread) serves both the Admin API the OpenAI rotation adapter
 * uses and the chat completions the gateways forward, accepting exactly the keys of the service
 * accounts that exist. `concurrency` closed-loop HTTP clients (undici, round-robin over the
 * gateways) send chat completions with a virtual key; after `seconds` an automatic rotation starts
 * (create a service account → test its key → promote → after the grace period delete the old
 * service account, which revokes the old key at the provider); the load goes on for `seconds`
 * after the old key was revoked. Every non-2xx answer and transport error is a failed request.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropSchema, startServiceProcess, uniqueSchema, waitFor, type ServiceProcess } from '@ironcage/testing';
import { Pool } from 'undici';
import { stringify } from 'yaml';
import { startCredentials } from '../../services/credentials/test/harness';
import { startFakeProvider, type UpstreamLog } from './fake-provider';
import { fmt, pct, sleep, table } from './load';

export interface GatewayBenchOptions {
  /** Load before the rotation starts, and again after the old key was revoked. */
  seconds: number;
  /** Closed-loop HTTP clients, spread round-robin over the gateways. */
  concurrency: number;
  /** Gateway replicas. */
  gateways: number;
  /** CREDENTIALS_LEASE_TTL_SECONDS (renewAfter is two thirds of it). */
  leaseTtlSeconds: number;
  /** The rotation's grace period: the old key is revoked this long after the promotion (≥ lease TTL). */
  graceSeconds: number;
  /** Added to each upstream answer (0: answers at once, so that the gateways are what is measured). */
  upstreamDelayMs: number;
  /** Load before the measured phases (JIT, connection pools), reported as its own row. */
  warmUpSeconds: number;
}

const PLATFORM_ORG = 'platform';
const DEPLOYMENT = 'bench-openai';
const MODEL = 'bench/gpt';

interface RotationView {
  rotationId: string;
  mode: string;
  stage: string;
  fromVersion: number | null;
  pendingVersion: number | null;
  startedAt: string;
  promotedAt: string | null;
  finishedAt: string | null;
  outcome: string | null;
  error: string | null;
}

/** Every request the clients sent: start time (ms since epoch), latency (ms), whether it succeeded (2xx with a completion), gateway index. */
class Requests {
  readonly start: number[] = [];
  readonly latency: number[] = [];
  readonly ok: boolean[] = [];
  readonly gateway: number[] = [];
  /** Failures by reason (`HTTP 502`, `transport: ECONNRESET`, `HTTP 200 with an unexpected body`), with one sample answer. */
  readonly failures = new Map<string, { count: number; sample: string }>();

  add(start: number, latency: number, gateway: number, failure?: { reason: string; sample: string }): void {
    this.start.push(start);
    this.latency.push(latency);
    this.ok.push(!failure);
    this.gateway.push(gateway);
    if (failure) {
      const f = this.failures.get(failure.reason) ?? { count: 0, sample: failure.sample.slice(0, 300) };
      f.count += 1;
      this.failures.set(failure.reason, f);
    }
  }
}

const isOk = (status: number) => status >= 200 && status < 300;
const completionOf = (text: string): string | undefined => {
  try {
    return (JSON.parse(text) as { choices?: { message?: { content?: string } }[] }).choices?.[0]?.message?.content;
  } catch {
    return undefined;
  }
};

export async function runGatewayBench(o: GatewayBenchOptions): Promise<number> {
  if (o.graceSeconds < o.leaseTtlSeconds) throw new Error('--grace must be at least --lease-ttl (the credentials service refuses a shorter grace period)');
  const loadAtStart = loadavg()[0];
  const adminKey = `sk-admin-${randomBytes(16).toString('hex')}`;
  const provider = await startFakeProvider(adminKey, o.upstreamDelayMs);
  const svc = await startCredentials({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    CREDENTIALS_PROVIDER_ENDPOINTS: JSON.stringify({ openai: provider.adminUrl }),
    CREDENTIALS_LEASE_TTL_SECONDS: String(o.leaseTtlSeconds),
    CREDENTIALS_ROTATION_GRACE_SECONDS: String(o.graceSeconds),
  });
  const dir = mkdtempSync(join(tmpdir(), 'ironcage-bench-cred-'));
  const gatewaySchema = uniqueSchema('gateway');
  const gateways: ServiceProcess[] = [];
  const pools: Pool[] = [];
  try {
    // The first key was made by a person; the admin key lets the adapter make the next ones.
    const handMade = await provider.seed('hand-made');
    const admin = await svc.http<{ id: string }>('POST', '/v1/credentials', { orgId: PLATFORM_ORG, name: 'openai-admin', provider: 'openai', value: adminKey, rotationPolicy: { mode: 'none' } });
    const cred = await svc.http<{ id: string }>('POST', '/v1/credentials', {
      orgId: PLATFORM_ORG,
      name: 'openai-prod',
      provider: 'openai',
      value: handMade.key,
      providerConfig: { projectId: 'proj_bench', adminCredentialId: admin.body.id },
      rotationPolicy: { gracePeriodSeconds: o.graceSeconds },
    });
    if (cred.status !== 201) throw new Error(`creating the credential: ${cred.status} ${cred.text}`);
    const bound = await svc.http('PUT', `/v1/credentials/bindings/${DEPLOYMENT}`, { orgId: PLATFORM_ORG, credentialId: cred.body.id });
    if (bound.status !== 200) throw new Error(`binding the deployment: ${bound.status} ${bound.text}`);
    const rotationsPath = `/v1/credentials/${cred.body.id}/rotations`;
    const rotationDone = async (rotationId: string): Promise<RotationView> =>
      waitFor(
        async () => {
          const r = await svc.http<RotationView>('GET', `${rotationsPath}/${rotationId}?orgId=${PLATFORM_ORG}`);
          return r.body.finishedAt ? r.body : undefined;
        },
        `rotation ${rotationId} to finish`,
        (o.graceSeconds + 120) * 1000,
        25,
      );
    // A rotation before the load (v1 → v2, while the gateways start): a pasted first key has no
    // service account on record, so a rotation cannot revoke it at the provider; v2 is the
    // adapter's own, so the measured rotation (v2 → v3) revokes the old key at the provider.
    const setup = await svc.http<RotationView>('POST', rotationsPath, { orgId: PLATFORM_ORG });
    if (setup.status !== 202) throw new Error(`starting the set-up rotation: ${setup.status} ${setup.text}`);

    // The gateway replicas: one schema and namespace (shared control plane), each its own lease cache and event consumer.
    const modelsFile = join(dir, 'models.yaml');
    writeFileSync(modelsFile, stringify({ builtins: false, models: { [MODEL]: { deployments: [{ id: DEPLOYMENT, provider: 'openai', model: 'gpt-4o-mini', baseUrl: `${provider.chatUrl}/v1` }] } } }));
    const gatewayAdminKey = `ic-admin-${randomBytes(24).toString('base64url')}`;
    const gatewayEnv = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      BUS_NAMESPACE: svc.namespace,
      DB_SCHEMA: gatewaySchema,
      IRONCAGE_ADMIN_KEY: gatewayAdminKey,
      GATEWAY_KEY_HASH_SECRET: randomBytes(32).toString('hex'),
      GATEWAY_MODELS_FILE: modelsFile,
      GATEWAY_CREDENTIALS: 'lease',
      GATEWAY_CREDENTIALS_ORG: PLATFORM_ORG,
      GATEWAY_GRPC_PORT: '0',
    };
    // One after the other: the first one migrates the schema.
    for (let i = 0; i < o.gateways; i++) gateways.push(await startServiceProcess('gateway', gatewayEnv, { timeoutMs: 60_000 }));

    const call = async <T>(method: string, path: string, body: unknown): Promise<T> => {
      const r = await fetch(`${gateways[0].url}${path}`, { method, headers: { authorization: `Bearer ${gatewayAdminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await r.text();
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
      return JSON.parse(text) as T;
    };
    await call('POST', '/admin/v1/orgs', { id: 'bench', name: 'Bench' });
    const team = await call<{ id: string }>('POST', '/admin/v1/orgs/bench/teams', { slug: 'apps', name: 'Apps', allowedModels: ['bench/*'] });
    const user = await call<{ id: string }>('POST', '/admin/v1/orgs/bench/users', { email: 'load@bench.test', name: 'Load' });
    await call('PUT', `/admin/v1/orgs/bench/teams/${team.id}/members/${user.id}`, { role: 'member' });
    const virtualKey = (await call<{ secret: string }>('POST', '/admin/v1/orgs/bench/keys', { name: 'bench', owner: { type: 'user', userId: user.id, teamId: team.id } })).secret;

    const setupDone = await rotationDone(setup.body.rotationId);
    if (setupDone.outcome !== 'completed') throw new Error(`the set-up rotation ended ${setupDone.outcome}: ${setupDone.error}`);
    // The hand-made key is not in use any more: a person deletes it at the provider (any use of it from now on is refused).
    const deleted = await fetch(`${provider.adminUrl}/v1/organization/projects/proj_bench/service_accounts/${handMade.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${adminKey}` } });
    if (!deleted.ok) throw new Error(`deleting the hand-made service account: ${deleted.status}`);

    const connections = Math.ceil(o.concurrency / o.gateways);
    for (const g of gateways) pools.push(new Pool(g.url, { connections, headersTimeout: 30_000, bodyTimeout: 30_000, keepAliveTimeout: 60_000 }));
    const body = JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'Hello, how are you?' }], max_tokens: 16 });
    const headers = { authorization: `Bearer ${virtualKey}`, 'content-type': 'application/json' };
    const requests = new Requests();
    const send = async (g: number): Promise<void> => {
      const start = Date.now();
      const t = process.hrtime.bigint();
      try {
        const res = await pools[g].request({ path: '/v1/chat/completions', method: 'POST', headers, body });
        const text = await res.body.text();
        const latency = Number(process.hrtime.bigint() - t) / 1e6;
        let failure: { reason: string; sample: string } | undefined;
        if (!isOk(res.statusCode)) failure = { reason: `HTTP ${res.statusCode}`, sample: text };
        else if (completionOf(text) !== 'ok') failure = { reason: `HTTP ${res.statusCode} without the upstream's completion`, sample: text };
        requests.add(start, latency, g, failure);
      } catch (e) {
        const err = e as Error & { code?: string };
        requests.add(start, Number(process.hrtime.bigint() - t) / 1e6, g, { reason: `transport: ${err.code ?? err.name}`, sample: err.message });
      }
    };
    // Every replica answers with the old key before the load starts (the key is known to all, a lease is held by all).
    for (let g = 0; g < gateways.length; g++) {
      await waitFor(
        async () => {
          const res = await pools[g].request({ path: '/v1/chat/completions', method: 'POST', headers, body });
          await res.body.text();
          return res.statusCode === 200;
        },
        `gateway ${g + 1} to serve a chat completion`,
        30_000,
        200,
      );
    }

    let running = true;
    const tLoad = Date.now();
    const clients = Array.from({ length: o.concurrency }, async (_, w) => {
      while (running) await send(w % gateways.length);
    });

    await sleep(o.warmUpSeconds * 1000);
    const tMeasure = Date.now();
    await sleep(o.seconds * 1000);

    // The rotation: automatic, through the OpenAI adapter and the provider's Admin API.
    const tRotate = Date.now();
    const outputMarks = gateways.map((g) => g.output().length);
    const started = await svc.http<RotationView>('POST', rotationsPath, { orgId: PLATFORM_ORG });
    let rotation: RotationView | undefined;
    let rotationError: string | undefined;
    if (started.status !== 202) rotationError = `POST rotations answered ${started.status}: ${started.text}`;
    else rotation = await rotationDone(started.body.rotationId).catch((e: unknown) => void (rotationError = (e as Error).message));
    const tRotationSeen = Date.now();
    await sleep(o.seconds * 1000);
    running = false;
    await Promise.all(clients);
    const tEnd = Date.now();

    const upstream = await provider.log();
    return report({ o, requests, upstream, oldRotationId: setup.body.rotationId, newRotationId: started.body?.rotationId, rotation, rotationError, tLoad, tMeasure, tRotate, tRotationSeen, tEnd, gateways, outputMarks, connections, loadAtStart });
  } finally {
    await Promise.all(pools.map((p) => p.close()));
    await Promise.all(gateways.map((g) => g.stop('SIGTERM')));
    await dropSchema(gatewaySchema).catch(() => undefined);
    await svc.stop();
    await provider.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ReportInput {
  o: GatewayBenchOptions;
  requests: Requests;
  upstream: UpstreamLog;
  /** The rotations that made the old key (the set-up one) and the new key (the measured one): their service accounts are named after them. */
  oldRotationId: string;
  newRotationId?: string;
  rotation?: RotationView;
  rotationError?: string;
  tLoad: number;
  tMeasure: number;
  tRotate: number;
  tRotationSeen: number;
  tEnd: number;
  gateways: ServiceProcess[];
  /** Length of each gateway's output when the measured rotation started. */
  outputMarks: number[];
  connections: number;
  /** 1-minute load average before the section started anything (other work on the machine). */
  loadAtStart: number;
}

/** Prints the section; resolves with the number of problems (failed requests, keys refused upstream, a rotation that did not complete). */
function report(r: ReportInput): number {
  const { o, requests, upstream } = r;
  const oldIndex = upstream.keys.findIndex((k) => k.origin === 'created' && k.name.endsWith(r.oldRotationId));
  const oldInfo = upstream.keys[oldIndex];
  const newIndex = r.newRotationId ? upstream.keys.findIndex((k) => k.origin === 'created' && k.name.endsWith(r.newRotationId!)) : -1;
  const newInfo = upstream.keys[newIndex];
  const promotedAt = r.rotation?.promotedAt ? Date.parse(r.rotation.promotedAt) : NaN;
  const finishedAt = r.rotation?.finishedAt ? Date.parse(r.rotation.finishedAt) : NaN;
  // The old key stops working at the provider when its service account is deleted.
  const revokedAt = oldInfo?.deletedAt ?? finishedAt;
  const bounds = (x: number, fallback: number) => (Number.isFinite(x) ? x : fallback);
  const tPromoted = bounds(promotedAt, r.tRotationSeen);
  const tRevoked = bounds(revokedAt, r.tRotationSeen);
  const phases = [
    { name: `warm-up`, from: r.tLoad, to: r.tMeasure },
    { name: `before rotation`, from: r.tMeasure, to: r.tRotate },
    { name: `rotation: start → promoted`, from: r.tRotate, to: tPromoted },
    { name: `grace: promoted → old key revoked`, from: tPromoted, to: tRevoked },
    { name: `after the old key was revoked`, from: tRevoked, to: r.tEnd + 1 },
  ];
  const phaseOf = (t: number) => {
    for (let i = phases.length - 1; i >= 0; i--) if (t >= phases[i].from) return i;
    return 0;
  };

  const perPhase = phases.map(() => ({ latencies: [] as number[], total: 0, failed: 0, old: 0, fresh: 0, other: 0, refused: 0 }));
  for (let i = 0; i < requests.start.length; i++) {
    const p = perPhase[phaseOf(requests.start[i])];
    p.total += 1;
    if (requests.ok[i]) p.latencies.push(requests.latency[i]);
    else p.failed += 1;
  }
  let refusedRevoked = 0;
  let refusedOther = 0;
  let firstNew = Infinity;
  let lastOld = -Infinity;
  for (let i = 0; i < upstream.times.length; i++) {
    const t = upstream.times[i];
    const k = upstream.keyIndex[i];
    const p = perPhase[phaseOf(t)];
    if (!upstream.accepted[i]) {
      p.refused += 1;
      if (upstream.keys[k].deletedAt !== null) refusedRevoked += 1;
      else refusedOther += 1;
      continue;
    }
    if (k === oldIndex) {
      p.old += 1;
      if (t >= r.tRotate) lastOld = Math.max(lastOld, t);
    } else if (k === newIndex) {
      p.fresh += 1;
      firstNew = Math.min(firstNew, t);
    } else p.other += 1;
  }

  const rows = phases.map((ph, i) => {
    const p = perPhase[i];
    p.latencies.sort((a, b) => a - b);
    const secs = Math.max(0.001, (Math.min(ph.to, r.tEnd) - ph.from) / 1000);
    return [`${ph.name} (${secs.toFixed(1)} s)`, p.total, p.failed, fmt(pct(p.latencies, 50)), fmt(pct(p.latencies, 99)), fmt(p.latencies.at(-1) ?? NaN, 1), (p.latencies.length / secs).toFixed(0), p.old, p.fresh, p.other, p.refused];
  });
  const all = requests.latency.filter((_, i) => requests.ok[i]).sort((a, b) => a - b);
  const total = perPhase.reduce(
    (a, p) => ({ total: a.total + p.total, failed: a.failed + p.failed, old: a.old + p.old, fresh: a.fresh + p.fresh, other: a.other + p.other, refused: a.refused + p.refused }),
    { total: 0, failed: 0, old: 0, fresh: 0, other: 0, refused: 0 },
  );
  const wall = (r.tEnd - r.tLoad) / 1000;
  rows.push([`total (${wall.toFixed(1)} s)`, total.total, total.failed, fmt(pct(all, 50)), fmt(pct(all, 99)), fmt(all.at(-1) ?? NaN, 1), (all.length / wall).toFixed(0), total.old, total.fresh, total.other, total.refused]);

  const rel = (t: number, from: number) => (Number.isFinite(t) && Number.isFinite(from) ? `${t - from >= 0 ? '+' : ''}${((t - from) / 1000).toFixed(3)} s` : 'never');
  const newKeyCreated = newInfo?.createdAt ?? NaN;
  const rotationKind =
    'automatic, through the OpenAI service-account adapter against the fake Admin API (create a service account → test its key → promote → after the grace period delete the old service account, which revokes the old key at the provider); the old key is v2, made by a set-up rotation before the load (the hand-made v1 has no service account on record, so no rotation can revoke it at the provider; it was deleted at the provider before the load)';

  console.log(
    `\n## 2. gateway under a key rotation — ${o.gateways} gateway processes (GATEWAY_CREDENTIALS=lease, production mode), one credentials process, ${o.concurrency} closed-loop HTTP clients (undici, ${r.connections} connections per gateway, round-robin), chat completions with a virtual key\n`,
  );
  console.log(`rotation: ${rotationKind}; lease TTL ${o.leaseTtlSeconds} s (renewAfter ${((o.leaseTtlSeconds * 2) / 3).toFixed(1)} s), grace ${o.graceSeconds} s; upstream answers after ${o.upstreamDelayMs} ms; 1-min load average ${r.loadAtStart.toFixed(1)} before the section started, ${loadavg()[0].toFixed(1)} at its end\n`);
  console.log(table(['phase (by request start)', 'requests', 'failed', 'p50 ms', 'p99 ms', 'max ms', 'ok per s', 'upstream: old key', 'new key', 'other key', 'refused'], rows));

  console.log('\nfailed requests by reason:', requests.failures.size === 0 ? 'none' : '');
  for (const [reason, f] of [...requests.failures].sort((a, b) => b[1].count - a[1].count)) console.log(`  ${reason}: ${f.count}  (e.g. ${f.sample.replace(/\s+/g, ' ')})`);
  if (r.rotation) {
    const rs = Date.parse(r.rotation.startedAt);
    console.log(
      `\nrotation ${r.rotation.outcome ?? r.rotation.stage} (versions ${r.rotation.fromVersion} → ${r.rotation.pendingVersion}): POST at 0 s; new service account created at the provider ${rel(newKeyCreated, r.tRotate)}; promoted ${rel(promotedAt, r.tRotate)}; old service account deleted at the provider ${rel(revokedAt, r.tRotate)}; workflow finished ${rel(finishedAt, r.tRotate)} (server startedAt ${rel(rs, r.tRotate)})`,
    );
    console.log(`rotation duration: ${rel(promotedAt, r.tRotate).replace('+', '')} until the new key serves, ${rel(finishedAt, r.tRotate).replace('+', '')} until the old key is revoked and the rotation completed`);
  } else console.log(`\nrotation did not finish: ${r.rotationError ?? 'unknown'}`);
  console.log(
    `key switch as seen upstream, relative to promotedAt: first request with the new key ${rel(firstNew, tPromoted)}, last request with the old key ${rel(lastOld, tPromoted)} (without the credential.rotated event the gateways would switch at renewAfter, up to ${((o.leaseTtlSeconds * 2) / 3).toFixed(1)} s later)`,
  );
  console.log(`upstream refused ${total.refused} chat completions (${refusedRevoked} with the revoked key, ${refusedOther} with a key it never issued)`);
  const perGateway = r.gateways.map((g, i) => {
    let n = 0;
    let failed = 0;
    for (let j = 0; j < requests.gateway.length; j++) {
      if (requests.gateway[j] !== i) continue;
      n += 1;
      if (!requests.ok[j]) failed += 1;
    }
    const lines = g.output().slice(r.outputMarks[i]).split('\n').filter((l) => l.includes('dropped credential leases'));
    const of = (event: string) => lines.filter((l) => l.includes(event)).length;
    return `gateway ${i + 1}: ${n} requests, ${failed} failed, leases dropped on credential.rotated ×${of('credential.rotated')} and credential.revoked ×${of('credential.revoked')}`;
  });
  console.log(perGateway.join('; '));

  let problems = total.failed + total.refused;
  if (r.rotation?.outcome !== 'completed') problems += 1;
  if (total.fresh === 0) problems += 1;
  if (!Number.isFinite(oldInfo?.deletedAt ?? NaN)) {
    console.log('the old key was not revoked at the provider');
    problems += 1;
  }
  console.log(
    `\nresult: ${problems === 0 ? 'PASS' : 'FAIL'} — ${total.total} requests, ${total.failed} failed, ${total.refused} refused upstream, rotation ${r.rotation?.outcome ?? 'not finished'}, ${total.fresh} served with the new key`,
  );
  return problems;
}
