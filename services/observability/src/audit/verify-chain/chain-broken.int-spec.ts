import { randomBytes, randomUUID } from 'node:crypto';
import { type Envelope, EVENTS, requestReceivedEvent, STREAMS, type AuditChainBroken } from '@ironcage/contracts';
import { TemporalClient } from '@ironcage/kit';
import { dropSchema, sql, uniqueNamespace, uniqueSchema, waitFor } from '@ironcage/testing';
import { DeliverPolicy } from '@nats-io/jetstream';
import { sampleData } from '../../testing/audit-fixtures';
import { observabilityClient, startObservabilityApp } from '../../testing/observability-app';
import { AUDIT_RETENTION_SCHEDULE_ID } from '../../workflows/retention.contract';
import { AUDIT_VERIFY_SCHEDULE_ID, AUDIT_VERIFY_WORKFLOW, type AuditVerifyResult } from '../../workflows/verify.contract';

jest.setTimeout(180_000);

type Json = Record<string, unknown>;
const WAIT = 90_000;

describe('audit.chain-broken: a tampered chain is announced once, by the API and by the scheduled verification', () => {
  const namespace = uniqueNamespace('chainbroken');
  const schema = uniqueSchema('observability');
  const adminKey = `ic-admin-${randomBytes(24).toString('base64url')}`;
  const org = `org-tampered-${randomUUID().slice(0, 6)}`;
  const intact = `org-intact-${randomUUID().slice(0, 6)}`;
  let app: Awaited<ReturnType<typeof startObservabilityApp>>;
  let client: Awaited<ReturnType<typeof observabilityClient>>;
  let temporal: TemporalClient;

  const get = <T = Json>(path: string) => client.http<T>('GET', path);
  const entries = async (orgId: string, q = '') => (await get<{ entries: Json[] }>(`/v1/audit/entries?orgId=${orgId}&limit=100${q}`)).body.entries;

  /** Every audit.chain-broken stored in the AUDIT stream, read from its start. */
  async function chainBrokenOnTheBus(): Promise<Envelope<AuditChainBroken>[]> {
    const consumer = await client.bus.js.consumers.get(client.bus.naming.stream(STREAMS.audit.name), {
      filter_subjects: [client.bus.naming.subject(EVENTS.auditChainBroken)],
      deliver_policy: DeliverPolicy.All,
    });
    const found: Envelope<AuditChainBroken>[] = [];
    for (;;) {
      const m = await consumer.next({ expires: 1000 });
      if (!m) return found;
      found.push(m.json<Envelope<AuditChainBroken>>());
    }
  }

  const runVerification = () =>
    temporal.raw.workflow.execute<(input: object) => Promise<AuditVerifyResult>>(AUDIT_VERIFY_WORKFLOW, {
      taskQueue: temporal.taskQueue,
      workflowId: `${namespace}-verify-${randomUUID().slice(0, 8)}`,
      args: [{}],
    });

  beforeAll(async () => {
    // a cron that does not come round during the test: the schedule runs when the test triggers it
    app = await startObservabilityApp({ schema, namespace, adminKey, env: { AUDIT_VERIFY_CRON: '0 0 1 1 *' } });
    client = await observabilityClient(namespace, app.url, adminKey);
    temporal = app.app.get(TemporalClient);
    for (const orgId of [org, org, org, org, intact]) {
      await client.publisher.publish(requestReceivedEvent, { ...sampleData(EVENTS.requestReceived), requestId: randomUUID() } as never, { orgId });
    }
    await waitFor(async () => (await entries(org)).length === 4 && (await entries(intact)).length === 1, 'the entries of both orgs', WAIT);
  });

  afterAll(async () => {
    if (temporal) {
      for (const id of [AUDIT_VERIFY_SCHEDULE_ID, AUDIT_RETENTION_SCHEDULE_ID]) await temporal.raw.schedule.getHandle(temporal.scopedId(id)).delete().catch(() => undefined);
    }
    await app?.stop();
    if (client) {
      for await (const name of client.bus.jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) await client.bus.jsm.streams.delete(name);
      await client.close();
    }
    await dropSchema(schema);
  });

  it('announces nothing while the chains verify', async () => {
    expect((await get<{ ok: boolean }>(`/v1/audit/verify?orgId=${org}`)).body.ok).toBe(true);
    expect(await runVerification()).toEqual({ orgs: 2, broken: 0, announced: 0, brokenOrgs: [] });
    expect(await chainBrokenOnTheBus()).toEqual([]);
  });

  it('announces an entry altered in Postgres exactly once, however often and by whom the chain is verified', async () => {
    const victim = (await entries(org, '&order=asc')).find((e) => e.seq === 2)!;
    await sql(`UPDATE "${schema}".audit_entries SET data = jsonb_set(data, '{status}', '500') WHERE id = $1`, [victim.id]);

    for (let i = 0; i < 2; i++) {
      const report = await get<Json>(`/v1/audit/verify?orgId=${org}`);
      expect(report.body).toMatchObject({ ok: false, problem: { kind: 'altered', seq: 2, entryId: victim.id } });
    }
    const [event] = await waitFor(async () => {
      const found = await chainBrokenOnTheBus();
      return found.length ? found : undefined;
    }, 'audit.chain-broken on the bus', WAIT);
    expect(event).toMatchObject({
      type: EVENTS.auditChainBroken,
      orgId: org,
      source: 'observability',
      id: expect.stringMatching(/^audit-chain-broken:[0-9a-f]{40}$/),
      data: {
        problem: { kind: 'altered', seq: 2, entryId: victim.id, message: expect.any(String) },
        checkpoints: { invalid: 0, firstInvalid: null },
        head: { seq: expect.any(Number) },
        entriesVerified: 1,
        verifiedBy: 'api',
      },
    });

    // the scheduled verification finds the same break: nothing new on the bus
    const result = await runVerification();
    expect(result).toMatchObject({ orgs: 2, broken: 1, announced: 0, brokenOrgs: [org] });

    // the audit trail records the announcement like any event; once it is there, a later run knows the break was announced
    const [entry] = await waitFor(async () => {
      const e = await entries(org, `&action=${EVENTS.auditChainBroken}`);
      return e.length ? e : undefined;
    }, 'the audit entry of the announcement', WAIT);
    expect(entry).toMatchObject({ eventId: event.id, outcome: 'failure', resource: `audit_chain:${org}`, summary: expect.stringContaining('entry 2 altered') });
    expect(await runVerification()).toMatchObject({ broken: 1, announced: 0 });

    const all = await chainBrokenOnTheBus();
    expect(all).toHaveLength(1);
    expect(all.every((e) => e.orgId === org)).toBe(true);
  });

  it('announces a different break again, found by the schedule without anyone asking', async () => {
    await sql(`DELETE FROM "${schema}".audit_entries WHERE org_id = $1 AND chain_seq = 1`, [org]);
    const scheduleId = temporal.scopedId(AUDIT_VERIFY_SCHEDULE_ID);
    const schedule = temporal.raw.schedule.getHandle(scheduleId);
    expect((await schedule.describe()).action).toMatchObject({ type: 'startWorkflow', workflowType: AUDIT_VERIFY_WORKFLOW, taskQueue: temporal.taskQueue });
    await schedule.trigger();
    const action = await waitFor(async () => (await schedule.describe()).info.recentActions[0]?.action, 'the scheduled run', WAIT);
    const run = temporal.raw.workflow.getHandle(action.workflow.workflowId, action.workflow.firstExecutionRunId);
    expect(await run.result()).toMatchObject({ orgs: 2, broken: 1, announced: 1, brokenOrgs: [org] });

    const found = await chainBrokenOnTheBus();
    expect(found).toHaveLength(2);
    expect(found[1]).toMatchObject({ orgId: org, data: { problem: { kind: 'deleted', seq: 1, entryId: null }, verifiedBy: 'schedule' } });
    expect(found[1].id).not.toBe(found[0].id);
    expect((await get<{ ok: boolean }>(`/v1/audit/verify?orgId=${intact}`)).body.ok).toBe(true);
  });
});
