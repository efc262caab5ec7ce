/**
 * Credentials benchmark: `credentials.lease` latency (p50/p99) and throughput against a real
 * credentials process (Postgres store, NATS, Temporal of infra/local), then a rotation of an
 * OpenAI service-account key (against a local Admin API) during sustained lease load, counting
 * failed leases and leased keys the provider would have refused. Prints a table.
 *
 *   npx nx run-many -t build --projects=credentials
 *   node -r @swc-node/register bench/credentials/bench.ts [--seconds 10] [--concurrency 32]
 */
import { randomBytes } from 'node:crypto';
import { waitFor } from '@ironcage/testing';
import { startFakeOpenAI } from '../../services/credentials/src/rotation/testing/fake-openai';
import { startCredentials } from '../../services/credentials/test/harness';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 10);
const CONCURRENCY = arg('concurrency', 32);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function load(run: () => Promise<void>, seconds: number, concurrency: number, until?: () => boolean) {
  const latencies: number[] = [];
  let failures = 0;
  const end = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (until ? !until() : Date.now() < end) {
        const t = process.hrtime.bigint();
        try {
          await run();
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        } catch {
          failures += 1;
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { ok: latencies.length, failures, elapsed, p50: pct(latencies, 50), p99: pct(latencies, 99), max: latencies.at(-1) ?? 0, rps: latencies.length / elapsed };
}

async function main(): Promise<void> {
  const adminKey = `sk-admin-${randomBytes(16).toString('hex')}`;
  const fake = await startFakeOpenAI(adminKey);
  const svc = await startCredentials({
    LOG_LEVEL: 'warn',
    CREDENTIALS_PROVIDER_ENDPOINTS: JSON.stringify({ openai: fake.url }),
    CREDENTIALS_LEASE_TTL_SECONDS: '30',
    CREDENTIALS_ROTATION_GRACE_SECONDS: '30',
  });
  try {
    const org = 'bench';
    const seeded = fake.seed('hand-made');
    const admin = await svc.http<{ id: string }>('POST', '/v1/credentials', { orgId: org, name: 'openai-admin', provider: 'openai', value: adminKey, rotationPolicy: { mode: 'none' } });
    const cred = await svc.http<{ id: string }>('POST', '/v1/credentials', {
      orgId: org,
      name: 'openai-prod',
      provider: 'openai',
      value: seeded.key,
      providerConfig: { projectId: 'proj_bench', adminCredentialId: admin.body.id },
      rotationPolicy: { gracePeriodSeconds: 30 },
    });
    await svc.http('PUT', '/v1/credentials/bindings/gpt-4o', { orgId: org, credentialId: cred.body.id });
    const lease = () => svc.lease(org, 'gpt-4o');
    await load(async () => void (await lease()), 2, CONCURRENCY); // warm-up

    const steady = await load(async () => void (await lease()), SECONDS, CONCURRENCY);
    const single = await load(async () => void (await lease()), Math.max(2, SECONDS / 2), 1);

    // A rotation under load: every lease must succeed and hand out a key the provider accepts.
    let rejected = 0;
    const versions = new Set<number>();
    let rotationDone = false;
    const rotating = svc.http<{ rotationId: string }>('POST', `/v1/credentials/${cred.body.id}/rotations`, { orgId: org }).then(async (r) => {
      await waitFor(
        async () => (await svc.http<{ stage: string }>('GET', `/v1/credentials/${cred.body.id}/rotations/${r.body.rotationId}?orgId=${org}`)).body.stage === 'promoted' || undefined,
        'the rotation to promote',
        60_000,
        100,
      );
      await new Promise((res) => setTimeout(res, 2000)); // keep the load on after the switch
      rotationDone = true;
    });
    const during = await load(
      async () => {
        const l = await lease();
        versions.add(l.version);
        if (!fake.works(l.secret)) rejected += 1;
      },
      0,
      CONCURRENCY,
      () => rotationDone,
    );
    await rotating;

    const row = (name: string, r: Awaited<ReturnType<typeof load>>, extra = '') =>
      `| ${name.padEnd(34)} | ${String(r.ok).padStart(7)} | ${String(r.failures).padStart(6)} | ${r.p50.toFixed(2).padStart(7)} | ${r.p99.toFixed(2).padStart(7)} | ${r.rps.toFixed(0).padStart(7)} |${extra}`;
    console.log(`\ncredentials.lease — ${SECONDS}s per phase, ${CONCURRENCY} concurrent callers, Postgres store, one process\n`);
    console.log('| phase                              |  leases | failed | p50 ms  | p99 ms  |  per s  |');
    console.log('|------------------------------------|---------|--------|---------|---------|---------|');
    console.log(row(`steady, ${CONCURRENCY} concurrent`, steady));
    console.log(row('steady, 1 caller', single));
    console.log(row(`during rotation, ${CONCURRENCY} concurrent`, during));
    console.log(`\nduring the rotation: versions handed out ${[...versions].sort().join(' → ')}, failed leases ${during.failures}, leased keys the provider refused ${rejected}`);
  } finally {
    await svc.stop();
    await fake.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
