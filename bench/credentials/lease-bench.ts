/**
 * Section 1: `credentials.lease` latency (p50/p99) and throughput against a real credentials
 * process (Postgres store, NATS, Temporal of infra/local), then a rotation of an OpenAI
 * service-account key (against the local Admin API fake) during sustained lease load, counting
 * failed leases and leased keys the provider would have refused.
 */
import { randomBytes } from 'node:crypto';
import { testInfra, waitFor } from '@ironcage/testing';
import { Client, Connection } from '@temporalio/client';
import { startFakeOpenAI } from '../../services/credentials/src/rotation/testing/fake-openai';
import { startCredentials } from '../../services/credentials/test/harness';
import { rotationWorkflowId } from '../../services/credentials/src/workflows/rotation.contract';
import { closedLoop, fmt, sleep, table } from './load';

export interface LeaseBenchOptions {
  seconds: number;
  concurrency: number;
}

/** Prints the section; resolves with the number of problems (failed leases + leased keys the provider refused). */
export async function runLeaseBench({ seconds, concurrency }: LeaseBenchOptions): Promise<number> {
  const adminKey = `sk-admin-${randomBytes(16).toString('hex')}`;
  const fake = await startFakeOpenAI(adminKey);
  const svc = await startCredentials({
    LOG_LEVEL: 'warn',
    CREDENTIALS_PROVIDER_ENDPOINTS: JSON.stringify({ openai: fake.url }),
    CREDENTIALS_LEASE_TTL_SECONDS: '30',
    CREDENTIALS_ROTATION_GRACE_SECONDS: '30',
  });
  let rotationId: string | undefined;
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
    await closedLoop(async () => void (await lease()), 2, concurrency); // warm-up

    const steady = await closedLoop(async () => void (await lease()), seconds, concurrency);
    const single = await closedLoop(async () => void (await lease()), Math.max(2, seconds / 2), 1);

    // A rotation under load: every lease must succeed and hand out a key the provider accepts.
    let rejected = 0;
    const versions = new Set<number>();
    let rotationDone = false;
    const rotating = svc.http<{ rotationId: string }>('POST', `/v1/credentials/${cred.body.id}/rotations`, { orgId: org }).then(async (r) => {
      rotationId = r.body.rotationId;
      await waitFor(
        async () => (await svc.http<{ stage: string }>('GET', `/v1/credentials/${cred.body.id}/rotations/${r.body.rotationId}?orgId=${org}`)).body.stage === 'promoted' || undefined,
        'the rotation to promote',
        60_000,
        100,
      );
      await sleep(2000); // keep the load on after the switch
      rotationDone = true;
    });
    const during = await closedLoop(
      async () => {
        const l = await lease();
        versions.add(l.version);
        if (!fake.works(l.secret)) rejected += 1;
      },
      0,
      concurrency,
      () => rotationDone,
    );
    await rotating;

    const row = (name: string, r: Awaited<ReturnType<typeof closedLoop>>) => [name, r.ok, r.failures, fmt(r.p50), fmt(r.p99), r.rps.toFixed(0)];
    console.log(`\n## 1. credentials.lease — ${seconds}s per phase, ${concurrency} concurrent callers, Postgres store, one process\n`);
    console.log(
      table(
        ['phase', 'leases', 'failed', 'p50 ms', 'p99 ms', 'per s'],
        [row(`steady, ${concurrency} concurrent`, steady), row('steady, 1 caller', single), row(`during rotation, ${concurrency} concurrent`, during)],
      ),
    );
    console.log(`\nduring the rotation: versions handed out ${[...versions].sort().join(' → ')}, failed leases ${during.failures}, leased keys the provider refused ${rejected}`);
    for (const [phase, r] of [['steady', steady], ['1 caller', single], ['during rotation', during]] as const) {
      for (const [reason, n] of r.reasons) console.log(`failed leases (${phase}): ${n} × ${reason}`);
    }
    return steady.failures + single.failures + during.failures + rejected;
  } finally {
    await svc.stop();
    await fake.close();
    // The rotation's workflow still waits out its grace period, and its worker is gone: end it.
    if (rotationId) await terminate(`${svc.namespace}-${rotationWorkflowId('bench', rotationId)}`).catch((e: unknown) => console.warn(`could not end the rotation workflow: ${(e as Error).message}`));
  }
}

async function terminate(workflowId: string): Promise<void> {
  const connection = await Connection.connect({ address: testInfra.temporalAddress });
  try {
    await new Client({ connection }).workflow.getHandle(workflowId).terminate('benchmark over');
    console.log(`(ended the lease section's rotation workflow ${workflowId}, which was waiting out its grace period)`);
  } finally {
    await connection.close();
  }
}
