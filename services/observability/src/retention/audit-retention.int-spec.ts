import { randomUUID } from 'node:crypto';
import { openDataSource } from '@ironcage/kit';
import { dropSchema, testInfra, uniqueSchema, uniqueSuffix } from '@ironcage/testing';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { observabilityPersistence } from '../persistence';
import { auditRetentionWorkflow } from '../workflows';
import { createRetentionActivities } from './retention.activities';

const DAY = 24 * 60 * 60 * 1000;

describe('auditRetentionWorkflow', () => {
  const schema = uniqueSchema('observability');
  const taskQueue = `observability-test-${uniqueSuffix()}`;
  let db: DataSource;
  let audit: AuditRepository;
  let worker: Worker;
  let running: Promise<void>;
  let workerConnection: NativeConnection;
  let clientConnection: Connection;
  let client: Client;

  const entry = (orgId: string, ageDays: number) => ({
    id: randomUUID(),
    orgId,
    eventId: randomUUID(),
    action: 'request.received',
    source: 'gateway',
    occurredAt: new Date(Date.now() - ageDays * DAY),
    traceId: null,
    actor: null,
    resource: null,
    outcome: null,
    data: {},
  });

  beforeAll(async () => {
    db = await openDataSource({ DATABASE_URL: testInfra.databaseUrl, DB_SCHEMA: schema, DB_POOL_MAX: 2 }, observabilityPersistence);
    await db.runMigrations();
    audit = new AuditRepository(db);
    workerConnection = await NativeConnection.connect({ address: testInfra.temporalAddress });
    worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowsPath: require.resolve('../workflows'),
      activities: createRetentionActivities({ audit }),
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
    await db?.destroy();
    await dropSchema(schema);
  });

  it('purges entries older than the retention period in batches and keeps recent ones', async () => {
    for (const e of [entry('org-a', 500), entry('org-a', 401), entry('org-b', 450), entry('org-a', 10), entry('org-b', 1)]) {
      await audit.insertIfAbsent(e);
    }
    const result = await client.workflow.execute(auditRetentionWorkflow, {
      taskQueue,
      workflowId: `retention-${uniqueSuffix()}`,
      args: [{ retentionDays: 400, batchSize: 2 }],
    });
    expect(result.purged).toBe(3);
    expect(result.batches).toBe(2);
    const left = await db.query(`SELECT org_id FROM audit_entries ORDER BY org_id`);
    expect(left).toEqual([{ org_id: 'org-a' }, { org_id: 'org-b' }]);
  });

  it('fails at once, without retrying, on a retention period that makes no sense', async () => {
    const run = client.workflow.execute(auditRetentionWorkflow, {
      taskQueue,
      workflowId: `retention-bad-${uniqueSuffix()}`,
      args: [{ retentionDays: 0 }],
    });
    await expect(run).rejects.toBeInstanceOf(WorkflowFailedError);
    await expect(run).rejects.toMatchObject({ cause: { type: 'retention_invalid', nonRetryable: true } });
  });
});
