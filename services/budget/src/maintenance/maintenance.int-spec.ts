import { randomUUID } from 'node:crypto';
import { budgetAuthorizeRpc } from '@ironcage/contracts';
import { dropSchema, sql, testInfra, uniqueNamespace, uniqueSchema, uniqueSuffix } from '@ironcage/testing';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { budgetClient, type BudgetApp, deleteNamespaceStreams, startBudgetApp, testAdminKey } from '../testing/budget-app';
import { FakeClock } from '../testing/fake-clock';
import { budgetMaintenanceWorkflow } from '../workflows';
import { createMaintenanceActivities } from './maintenance.activities';
import { MaintenanceUseCase } from './maintenance.usecase';

describe('budgetMaintenanceWorkflow', () => {
  const schema = uniqueSchema('budget');
  const namespace = uniqueNamespace('bmt');
  const adminKey = testAdminKey();
  const taskQueue = `budget-test-${uniqueSuffix()}`;
  const clock = new FakeClock('2026-11-25T10:00:00Z');
  let app: BudgetApp;
  let client: Awaited<ReturnType<typeof budgetClient>>;
  let worker: Worker;
  let running: Promise<void>;
  let workerConnection: NativeConnection;
  let temporalConnection: Connection;
  let temporal: Client;

  beforeAll(async () => {
    app = await startBudgetApp({ schema, namespace, adminKey, clock, env: { BUDGET_INPUT_MARGIN_PERCENT: '0' } });
    client = await budgetClient(namespace, app.url, adminKey);
    workerConnection = await NativeConnection.connect({ address: testInfra.temporalAddress });
    worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowsPath: require.resolve('../workflows'),
      activities: createMaintenanceActivities({ maintenance: app.app.get(MaintenanceUseCase) }),
    });
    running = worker.run();
    temporalConnection = await Connection.connect({ address: testInfra.temporalAddress });
    temporal = new Client({ connection: temporalConnection });
  }, 60_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await workerConnection?.close();
    await temporalConnection?.close();
    await app?.stop();
    if (client) {
      await deleteNamespaceStreams(client.bus, namespace);
      await client.close();
    }
    await dropSchema(schema);
  });

  it('releases reservations that expired, publishes events the outbox still owes, and leaves the rest alone', async () => {
    const orgId = `org-${randomUUID().slice(0, 8)}`;
    const created = await client.http<{ id: string }>('POST', '/v1/budgets', { orgId, name: 'b', scope: { kind: 'org' }, limitMicros: 1_000_000, period: 'monthly' });
    const authorize = () =>
      client.rpc.call(budgetAuthorizeRpc, { requestId: randomUUID(), orgId, principal: { keyId: 'k' }, model: 'gpt-4o-mini', provider: 'mock', estimatedInputTokens: 1000, maxOutputTokens: 1000 });
    await authorize();
    await authorize();
    clock.advance(app.config.BUDGET_RESERVATION_TTL_SECONDS * 1000 + 1);
    await authorize(); // still young
    await sql(`INSERT INTO "${schema}".outbox (id, org_id, subject, data, created_at) VALUES ($1, $2, 'budget.unpriced', $3, $4)`, [
      `budget.unpriced:${orgId}:mock:m:2026-11-25`,
      orgId,
      { provider: 'mock', model: 'm', policy: 'refuse', requestId: 'r', day: '2026-11-25' },
      new Date('2026-11-25T10:00:00Z'),
    ]);

    const result = await temporal.workflow.execute(budgetMaintenanceWorkflow, { taskQueue, workflowId: `maintenance-${uniqueSuffix()}` });
    expect(result).toMatchObject({ expired: 2, published: 1 });
    const budget = (await client.http<{ current: { reservedMicros: number } }>('GET', `/v1/budgets/${created.body.id}?orgId=${orgId}`)).body;
    expect(budget.current.reservedMicros).toBe(750); // one $0.15/$0.60 request of 1000 + 1000 tokens still in flight
    expect(await sql(`SELECT status, count(*)::int AS n FROM "${schema}".reservations WHERE org_id = $1 GROUP BY status ORDER BY status`, [orgId])).toEqual([
      { status: 'expired', n: 2 },
      { status: 'held', n: 1 },
    ]);
    expect(await sql(`SELECT published_at IS NOT NULL AS published FROM "${schema}".outbox WHERE org_id = $1`, [orgId])).toEqual([{ published: true }]);
  }, 60_000);
});
