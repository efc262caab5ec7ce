import { randomUUID } from 'node:crypto';
import { EVENTS } from '@ironcage/contracts';
import { sql, testInfra, uniqueSuffix } from '@ironcage/testing';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { envelope, sampleData } from '../testing/audit-fixtures';
import { auditTestBed, type AuditTestBed } from '../testing/audit-test-bed';
import { auditRetentionWorkflow } from '../workflows';
import { createRetentionActivities } from './retention.activities';

const DAY = 24 * 60 * 60 * 1000;

describe('auditRetentionWorkflow', () => {
  const taskQueue = `observability-test-${uniqueSuffix()}`;
  let bed: AuditTestBed;
  let worker: Worker;
  let running: Promise<void>;
  let workerConnection: NativeConnection;
  let clientConnection: Connection;
  let client: Client;

  /** Records `n` events for the org as if `ageDays` ago (the chain is in recording order). */
  async function recordAged(orgId: string, ageDays: number, n = 1): Promise<void> {
    bed.clock.time = new Date(Date.now() - ageDays * DAY);
    for (let i = 0; i < n; i++) await bed.record.execute(envelope(EVENTS.requestReceived, sampleData(EVENTS.requestReceived), { orgId }));
  }

  const run = (input: Parameters<typeof auditRetentionWorkflow>[0]) =>
    client.workflow.execute(auditRetentionWorkflow, { taskQueue, workflowId: `retention-${uniqueSuffix()}`, args: [input] });

  const seqsOf = async (orgId: string) =>
    (await sql<{ chain_seq: string }>(`SELECT chain_seq FROM "${bed.schema}".audit_entries WHERE org_id = $1 ORDER BY chain_seq`, [orgId])).map((r) => Number(r.chain_seq));

  beforeAll(async () => {
    bed = await auditTestBed({ AUDIT_CHECKPOINT_EVERY: 3 });
    workerConnection = await NativeConnection.connect({ address: testInfra.temporalAddress });
    worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowsPath: require.resolve('../workflows'),
      activities: createRetentionActivities({ audit: bed.audit, chain: bed.chain, signer: bed.signer, clock: bed.clock, metrics: bed.metrics }),
    });
    running = worker.run();
    clientConnection = await Connection.connect({ address: testInfra.temporalAddress });
    client = new Client({ connection: clientConnection });
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await workerConnection?.close();
    await clientConnection?.close();
    await bed?.close();
  });

  it('purges what each org recorded before its retention, batch by batch, and the chain still verifies from the anchor', async () => {
    const a = `org-a-${randomUUID().slice(0, 6)}`;
    const b = `org-b-${randomUUID().slice(0, 6)}`;
    await recordAged(a, 500, 3);
    await recordAged(a, 401, 2);
    await recordAged(a, 10, 2);
    await recordAged(b, 450, 1);
    await recordAged(b, 1, 1);
    bed.clock.time = new Date();

    const result = await run({ retentionDays: 400, batchSize: 2 });
    expect(result.purged).toBeGreaterThanOrEqual(6);
    expect(await seqsOf(a)).toEqual([6, 7]);
    expect(await seqsOf(b)).toEqual([2]);

    for (const orgId of [a, b]) {
      const report = await bed.verify.execute({ orgId });
      expect(report).toMatchObject({ ok: true, problem: null, anchor: { kind: 'anchor', signature: 'valid' } });
    }
    const reportA = await bed.verify.execute({ orgId: a });
    expect(reportA.anchor!.seq).toBe(5);
    expect(reportA.entries).toEqual({ verified: 2, firstSeq: 6, lastSeq: 7 });
    // the checkpoints of the purged part still carry valid signatures
    expect(reportA.checkpoints.firstInvalid).toBeNull();
  });

  it("keeps each org's own retention and uses the default for the others", async () => {
    const strict = `org-strict-${randomUUID().slice(0, 6)}`;
    const lax = `org-lax-${randomUUID().slice(0, 6)}`;
    await bed.audit.setRetention(strict, 30, new Date());
    await recordAged(strict, 45, 2);
    await recordAged(strict, 5, 1);
    await recordAged(lax, 45, 2);
    bed.clock.time = new Date();

    await run({ retentionDays: 400 });
    expect(await seqsOf(strict)).toEqual([3]);
    expect(await seqsOf(lax)).toEqual([1, 2]);
    expect((await bed.verify.execute({ orgId: strict })).ok).toBe(true);
  });

  it('purges only the oldest unbroken run: an old entry recorded after a recent one waits, so nothing is cut out of the middle', async () => {
    const orgId = `org-mix-${randomUUID().slice(0, 6)}`;
    await recordAged(orgId, 500, 1);
    await recordAged(orgId, 2, 1);
    await recordAged(orgId, 600, 1); // the clock of whoever recorded it was off: it came later in the chain
    bed.clock.time = new Date();
    await run({ retentionDays: 400 });
    expect(await seqsOf(orgId)).toEqual([2, 3]);
    expect((await bed.verify.execute({ orgId })).ok).toBe(true);
  });

  it('detects an anchor forged to hide deleted entries: its signature does not hold', async () => {
    const orgId = `org-forge-${randomUUID().slice(0, 6)}`;
    await recordAged(orgId, 1, 4);
    bed.clock.time = new Date();
    const second = (await sql<{ hash: string }>(`SELECT hash FROM "${bed.schema}".audit_entries WHERE org_id = $1 AND chain_seq = 2`, [orgId]))[0];
    await sql(`DELETE FROM "${bed.schema}".audit_entries WHERE org_id = $1 AND chain_seq <= 2`, [orgId]);
    await sql(
      `INSERT INTO "${bed.schema}".audit_checkpoints (org_id, kind, seq, hash, created_at, key_id, signature) VALUES ($1, 'anchor', 2, $2, now(), $3, $4)`,
      [orgId, second.hash, bed.signer.keyId, Buffer.alloc(64, 1).toString('base64')],
    );
    const report = await bed.verify.execute({ orgId });
    expect(report.ok).toBe(false);
    expect(report.anchor).toMatchObject({ seq: 2, signature: 'invalid' });
    expect(report.problem).toMatchObject({ kind: 'deleted', seq: 1 });
  });

  it('fails at once, without retrying, on a retention period that makes no sense', async () => {
    const attempt = run({ retentionDays: 0 });
    await expect(attempt).rejects.toBeInstanceOf(WorkflowFailedError);
    await expect(attempt).rejects.toMatchObject({ cause: { type: 'retention_invalid', nonRetryable: true } });
  });
});
