import { randomBytes, randomUUID } from 'node:crypto';
import { EVENTS, PLATFORM_ORG_ID, providerCircuitChangedEvent, requestReceivedEvent } from '@ironcage/contracts';
import { TemporalClient } from '@ironcage/kit';
import { dropSchema, sql, uniqueNamespace, uniqueSchema, waitFor } from '@ironcage/testing';
import { sampleData } from '../testing/audit-fixtures';
import { signedWebhookReceiver } from '../testing/alert-receivers';
import { observabilityClient, startObservabilityApp } from '../testing/observability-app';
import { AUDIT_RETENTION_SCHEDULE_ID } from '../workflows/retention.contract';
import { AUDIT_VERIFY_SCHEDULE_ID } from '../workflows/verify.contract';

jest.setTimeout(180_000);

type Json = Record<string, unknown>;
const WAIT = 90_000;

/** Alert rules on the events that report trouble with the platform itself (audit chain broken, provider circuit opened), delivered to a signed webhook. */
describe('alerts on platform integrity events', () => {
  const namespace = uniqueNamespace('platformalerts');
  const schema = uniqueSchema('observability');
  const adminKey = `ic-admin-${randomBytes(24).toString('base64url')}`;
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  const org = `org-integrity-${randomUUID().slice(0, 6)}`;
  let app: Awaited<ReturnType<typeof startObservabilityApp>>;
  let client: Awaited<ReturnType<typeof observabilityClient>>;
  let hook: Awaited<ReturnType<typeof signedWebhookReceiver>>;

  const post = <T = Json>(path: string, body: unknown) => client.http<T>('POST', path, body);
  const get = <T = Json>(path: string) => client.http<T>('GET', path);
  const entries = async (orgId: string, q = '') => (await get<{ entries: Json[] }>(`/v1/audit/entries?orgId=${orgId}&limit=100${q}`)).body.entries;

  beforeAll(async () => {
    hook = await signedWebhookReceiver(() => webhookSecret, () => 200);
    app = await startObservabilityApp({
      schema,
      namespace,
      adminKey,
      env: { ALERTS_EVALUATE_INTERVAL_MS: '200', ALERTS_DISPATCH_INTERVAL_MS: '100', ALERTS_RETRY_BASE_MS: '100', AUDIT_VERIFY_CRON: '0 0 1 1 *' },
    });
    client = await observabilityClient(namespace, app.url, adminKey);
  });

  afterAll(async () => {
    if (app) {
      const temporal = app.app.get(TemporalClient);
      for (const id of [AUDIT_VERIFY_SCHEDULE_ID, AUDIT_RETENTION_SCHEDULE_ID]) await temporal.raw.schedule.getHandle(temporal.scopedId(id)).delete().catch(() => undefined);
    }
    await app?.stop();
    if (client) {
      for await (const name of client.bus.jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) await client.bus.jsm.streams.delete(name);
      await client.close();
    }
    await hook?.close();
    await dropSchema(schema);
  });

  it('notifies a webhook when a verification finds the audit chain broken — one alert, however often it is verified', async () => {
    const channel = await post<Json>('/v1/alerts/channels', { orgId: org, name: 'security-hook', kind: 'webhook', url: `${hook.url}/hooks/security`, secret: webhookSecret });
    expect(channel.status).toBe(201);
    const rule = await post<Json>('/v1/alerts/rules', {
      orgId: org,
      name: 'audit chain broken',
      condition: { kind: 'event_count', subject: EVENTS.auditChainBroken, threshold: 1, windowSeconds: 600, groupBy: ['problem.kind'] },
      severity: 'critical',
      channelIds: [channel.body.id],
    });
    expect(rule.status).toBe(201);

    for (let i = 0; i < 3; i++) await client.publisher.publish(requestReceivedEvent, { ...sampleData(EVENTS.requestReceived), requestId: randomUUID() } as never, { orgId: org });
    await waitFor(async () => (await entries(org)).length === 3, 'the entries', WAIT);
    const victim = (await entries(org, '&order=asc'))[1];
    await sql(`UPDATE "${schema}".audit_entries SET summary = 'nothing to see here' WHERE id = $1`, [victim.id]);
    for (let i = 0; i < 3; i++) expect((await get<Json>(`/v1/audit/verify?orgId=${org}`)).body).toMatchObject({ ok: false, problem: { kind: 'altered', seq: victim.seq } });

    const [delivery] = await waitFor(async () => {
      const d = (await get<{ deliveries: Json[] }>(`/v1/alerts/deliveries?orgId=${org}&status=delivered`)).body.deliveries;
      return d.length ? d : undefined;
    }, 'the webhook delivery', WAIT);
    expect(delivery).toMatchObject({ channelKind: 'webhook', notification: 'firing', lastStatus: 200 });
    const [received] = hook.received.filter((r) => r.headers['x-ironcage-delivery'] === delivery.id);
    expect(hook.verified.every(Boolean)).toBe(true);
    expect(received.headers['x-ironcage-event']).toBe('alert.firing');
    expect(received.json).toMatchObject({
      type: 'alert.firing',
      alert: { orgId: org, ruleName: 'audit chain broken', severity: 'critical', status: 'firing', labels: { 'problem.kind': 'altered' } },
    });
    const alerts = (await get<{ alerts: Json[] }>(`/v1/alerts?orgId=${org}&ruleId=${rule.body.id}`)).body.alerts;
    expect(alerts).toHaveLength(1);
    expect(alerts[0].value).toBe(1); // three verifications, one event
  });

  it('notifies a webhook when a provider circuit opens: a rule of the platform org on provider.circuit-changed, to=open', async () => {
    const channel = await post<Json>('/v1/alerts/channels', { orgId: PLATFORM_ORG_ID, name: 'platform-hook', kind: 'webhook', url: `${hook.url}/hooks/platform`, secret: webhookSecret });
    expect(channel.status).toBe(201);
    const rule = await post<Json>('/v1/alerts/rules', {
      orgId: PLATFORM_ORG_ID,
      name: 'provider circuit opened',
      condition: { kind: 'event_count', subject: EVENTS.providerCircuitChanged, threshold: 1, windowSeconds: 600, filters: { to: 'open' }, groupBy: ['deploymentId'] },
      severity: 'error',
      channelIds: [channel.body.id],
    });
    expect(rule.status).toBe(201);

    const transition = (deploymentId: string, from: string, to: string) => ({ ...sampleData(EVENTS.providerCircuitChanged), deploymentId, from, to, changedAt: new Date().toISOString() });
    // as the gateway publishes them: platform-wide, under the platform org
    await client.publisher.publish(providerCircuitChangedEvent, transition('openai-west', 'open', 'half-open') as never, { orgId: PLATFORM_ORG_ID }); // filtered out
    await client.publisher.publish(providerCircuitChangedEvent, transition('openai-east', 'closed', 'open') as never, { orgId: PLATFORM_ORG_ID });
    await client.publisher.publish(providerCircuitChangedEvent, transition('openai-east', 'closed', 'open') as never, { orgId: org }); // another org's rule set: not this rule's

    const received = await waitFor(() => hook.received.find((r) => r.headers['x-ironcage-event'] === 'alert.firing' && JSON.stringify(r.json).includes('provider circuit opened')), 'the platform webhook', WAIT);
    expect(received.json).toMatchObject({ alert: { orgId: PLATFORM_ORG_ID, ruleName: 'provider circuit opened', severity: 'error', labels: { deploymentId: 'openai-east' } } });
    const alerts = (await get<{ alerts: Json[] }>(`/v1/alerts?orgId=${PLATFORM_ORG_ID}&ruleId=${rule.body.id}`)).body.alerts;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ value: 1, labels: { deploymentId: 'openai-east' } });
    expect(hook.verified.every(Boolean)).toBe(true);
  });
});
