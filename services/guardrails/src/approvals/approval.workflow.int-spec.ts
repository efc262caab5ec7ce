import { randomUUID } from 'node:crypto';
import { testInfra, uniqueSuffix } from '@ironcage/testing';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { FakeEvents } from '../testing/scan-fixtures';
import { approvalWorkflow } from '../workflows';
import { APPROVAL_DENIED, APPROVAL_EXPIRED, type ApprovalWorkflowInput, DECIDE_SIGNAL, STATUS_QUERY } from '../workflows/approval.contract';
import { createApprovalActivities } from './approval.activities';
import type { ApprovalEntity } from './approval.entity';

/** The approvals table, in memory: the workflow's activities only need find and decide. */
class FakeApprovalRows {
  readonly rows = new Map<string, Partial<ApprovalEntity>>();
  async find(orgId: string, id: string) {
    const r = this.rows.get(id);
    return r && r.orgId === orgId ? (r as ApprovalEntity) : null;
  }
  async decide(orgId: string, id: string, status: ApprovalEntity['status'], decidedBy: string, comment: string | null, at: Date) {
    const r = this.rows.get(id);
    if (!r || r.orgId !== orgId || r.status !== 'pending') return false;
    Object.assign(r, { status, decidedBy, comment, decidedAt: at });
    return true;
  }
}

describe('approvalWorkflow (real Temporal dev server)', () => {
  const taskQueue = `guardrails-test-${uniqueSuffix()}`;
  const rows = new FakeApprovalRows();
  const events = new FakeEvents();
  let worker: Worker;
  let running: Promise<void>;
  let workerConnection: NativeConnection;
  let clientConnection: Connection;
  let client: Client;

  beforeAll(async () => {
    workerConnection = await NativeConnection.connect({ address: testInfra.temporalAddress });
    worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowsPath: require.resolve('../workflows'),
      activities: createApprovalActivities({ approvals: rows, events: events.asEvents() }),
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
  });

  function hold(timeoutMs: number) {
    const approvalId = randomUUID();
    const input: ApprovalWorkflowInput = {
      approvalId,
      orgId: 'org-1',
      kind: 'tool',
      requestId: 'req-1',
      principal: { keyId: 'k1', agentId: 'bot' },
      tool: 'payments.refund',
      risk: 'critical',
      reason: 'critical tool',
      expiresAt: new Date(Date.now() + timeoutMs).toISOString(),
    };
    rows.rows.set(approvalId, { id: approvalId, orgId: 'org-1', status: 'pending', kind: 'tool', tool: 'payments.refund', requestId: 'req-1', principal: { keyId: 'k1' } });
    return client.workflow.start(approvalWorkflow, { taskQueue, workflowId: `approval-${approvalId}`, args: [input] }).then((handle) => ({ handle, approvalId }));
  }

  const published = (approvalId: string) => events.published.filter((e) => (e.data as { approvalId: string }).approvalId === approvalId);

  it('notifies approvers, then proceeds when a person approves, recording who', async () => {
    const { handle, approvalId } = await hold(60_000);
    await expect(handle.query(STATUS_QUERY)).resolves.toBe('pending');
    await handle.signal(DECIDE_SIGNAL, { decision: 'approved', by: 'alice@corp', comment: 'ok for this order' });
    await expect(handle.result()).resolves.toEqual({ approvalId, decision: 'approved', decidedBy: 'alice@corp' });
    expect(rows.rows.get(approvalId)).toMatchObject({ status: 'approved', decidedBy: 'alice@corp', comment: 'ok for this order' });
    expect(published(approvalId).map((e) => [e.subject, e.id])).toEqual([
      ['policy.approval-requested', `${approvalId}:requested`],
      ['policy.approval-decided', `${approvalId}:decided`],
    ]);
    expect(published(approvalId)[1].data).toMatchObject({ decision: 'approved', decidedBy: 'alice@corp', kind: 'tool', tool: 'payments.refund' });
  });

  it('fails, without retrying, when a person denies', async () => {
    const { handle, approvalId } = await hold(60_000);
    await handle.signal(DECIDE_SIGNAL, { decision: 'denied', by: 'bob@corp' });
    const result = handle.result();
    await expect(result).rejects.toBeInstanceOf(WorkflowFailedError);
    await expect(result).rejects.toMatchObject({ cause: { type: APPROVAL_DENIED, nonRetryable: true, message: expect.stringMatching(/denied by bob@corp/) } });
    expect(rows.rows.get(approvalId)).toMatchObject({ status: 'denied', decidedBy: 'bob@corp' });
  });

  it('fails when nobody decides before the deadline, recorded as expired by the system', async () => {
    const { handle, approvalId } = await hold(1500);
    await expect(handle.result()).rejects.toMatchObject({ cause: { type: APPROVAL_EXPIRED } });
    expect(rows.rows.get(approvalId)).toMatchObject({ status: 'expired', decidedBy: 'system:timeout' });
    expect(published(approvalId)[1].data).toMatchObject({ decision: 'expired', decidedBy: 'system:timeout' });
  });

  it('keeps the first decision when two arrive', async () => {
    const { handle, approvalId } = await hold(60_000);
    await handle.signal(DECIDE_SIGNAL, { decision: 'denied', by: 'carol@corp' });
    await handle.signal(DECIDE_SIGNAL, { decision: 'approved', by: 'mallory@corp' });
    await expect(handle.result()).rejects.toMatchObject({ cause: { type: APPROVAL_DENIED } });
    expect(rows.rows.get(approvalId)).toMatchObject({ decidedBy: 'carol@corp' });
  });
});
