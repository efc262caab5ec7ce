import { randomBytes, randomUUID } from 'node:crypto';
import { budgetThresholdEvent, EVENTS, PLATFORM_ORG_ID } from '@ironcage/contracts';
import { dropSchema, sql, uniqueNamespace, uniqueSchema, waitFor } from '@ironcage/testing';
import { sampleData } from '../testing/audit-fixtures';
import { observabilityClient, startObservabilityApp } from '../testing/observability-app';

jest.setTimeout(120_000);

const WAIT = 60_000;

interface Group {
  orgId: string;
  fingerprint: string;
  service: string;
  name: string;
  where: string;
  message: string;
  stack: string[];
  count: number;
  sampleTraceId: string | null;
  lastErrorId: string;
  occurrences?: Array<{ errorId: string; traceId: string | null }>;
}

/**
 * The reporting side end to end: a real service (observability itself, in this process) whose
 * database lost a table fails unexpectedly on its HTTP API and in an event handler; the kit and
 * the bus report both, and its error tracking groups them.
 */
describe('error reporting, from a failing service to its error group', () => {
  const namespace = uniqueNamespace('errrep');
  const schema = uniqueSchema('observability');
  const adminKey = `ic-admin-${randomBytes(24).toString('base64url')}`;
  let app: Awaited<ReturnType<typeof startObservabilityApp>>;
  let client: Awaited<ReturnType<typeof observabilityClient>>;

  const groups = async (orgId: string) => (await client.http<{ groups: Group[] }>('GET', `/v1/errors?orgId=${orgId}`)).body.groups ?? [];
  const groupWhere = (orgId: string, where: string) =>
    waitFor(async () => (await groups(orgId)).find((g) => g.where === where), `an error group for ${where} in ${orgId}`, WAIT);

  beforeAll(async () => {
    app = await startObservabilityApp({ schema, namespace, adminKey });
    client = await observabilityClient(namespace, app.url, adminKey);
    // the audit trail's table goes away under the running service: its queries and appends now fail
    await sql(`ALTER TABLE "${schema}".audit_entries RENAME TO audit_entries_gone`);
  });

  afterAll(async () => {
    await app?.stop();
    if (client) {
      for await (const name of client.bus.jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) await client.bus.jsm.streams.delete(name);
      await client.close();
    }
    await dropSchema(schema);
  });

  it('reports a 500 of the HTTP API under the error id the caller got, for the platform org, with a stack and a fingerprint', async () => {
    const failed = await client.http<{ error: { code: string; errorId: string } }>('GET', `/v1/audit/entries?orgId=org-${randomUUID().slice(0, 6)}`);
    expect(failed.status).toBe(500);
    const { errorId } = failed.body.error;

    const g = await groupWhere(PLATFORM_ORG_ID, 'http GET /v1/audit/entries');
    expect(g).toMatchObject({ orgId: PLATFORM_ORG_ID, service: 'observability', name: 'QueryFailedError', lastErrorId: errorId, count: 1 });
    expect(g.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(g.message).toContain('audit_entries');
    expect(g.stack.length).toBeGreaterThan(0);
    expect(g.stack.some((f) => f.includes('services/observability/src/audit/'))).toBe(true);
    expect(g.stack.join('\n')).not.toContain(process.cwd());
  });

  it('reports an event handler that throws, for the event’s org, with the trace of the event', async () => {
    const orgId = `org-${randomUUID().slice(0, 6)}`;
    const traceId = randomBytes(16).toString('hex');
    await client.publisher.publish(budgetThresholdEvent, sampleData(EVENTS.budgetThreshold) as never, { orgId, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });

    const g = await groupWhere(orgId, `event ${EVENTS.budgetThreshold}`);
    expect(g).toMatchObject({ orgId, service: 'observability', name: 'QueryFailedError', sampleTraceId: traceId });
    expect(g.stack.some((f) => f.includes('services/observability/src/audit/'))).toBe(true);
    const detail = (await client.http<Group>('GET', `/v1/errors/${g.fingerprint}?orgId=${orgId}`)).body;
    expect(detail.occurrences?.[0]).toMatchObject({ traceId });
  });
});
