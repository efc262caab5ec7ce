import { randomBytes, randomUUID } from 'node:crypto';
import { budgetThresholdEvent, budgetUnpricedEvent, type Envelope, type EventContract, EVENTS, HEADERS, policyViolatedEvent, requestReceivedEvent, STREAMS } from '@ironcage/contracts';
import { DeliverPolicy } from '@nats-io/jetstream';
import { headers as natsHeaders, type Subscription } from '@nats-io/nats-core';
import { dropSchema, uniqueNamespace, uniqueSchema, waitFor } from '@ironcage/testing';
import { sampleData } from '../testing/audit-fixtures';
import { httpReceiver, pagerDutyReceiver, signedWebhookReceiver, slackReceiver, smtpReceiver } from '../testing/alert-receivers';
import { observabilityClient, startObservabilityApp } from '../testing/observability-app';
import { EvaluateEventUseCase } from './evaluate/evaluate-event.usecase';

jest.setTimeout(120_000);

type Json = Record<string, unknown>;
const WAIT = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('alerts, delivered to receivers that speak each protocol', () => {
  const namespace = uniqueNamespace('alerts');
  const schema = uniqueSchema('observability');
  const adminKey = `ic-admin-${randomBytes(24).toString('base64url')}`;
  const secrets = {
    slackPath: `/services/T0000/B0000/${randomBytes(12).toString('hex')}`,
    routingKey: randomBytes(16).toString('hex'),
    smtpPass: `pw-${randomBytes(12).toString('hex')}`,
    webhookSecret: `whsec_${randomBytes(24).toString('hex')}`,
  };
  let generatedSecret = '';
  let app: Awaited<ReturnType<typeof startObservabilityApp>>;
  let client: Awaited<ReturnType<typeof observabilityClient>>;
  let slack: Awaited<ReturnType<typeof slackReceiver>>;
  let pagerduty: Awaited<ReturnType<typeof pagerDutyReceiver>>;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
  let flaky: Awaited<ReturnType<typeof signedWebhookReceiver>>;
  let dead: Awaited<ReturnType<typeof signedWebhookReceiver>>;
  let throttled: Awaited<ReturnType<typeof httpReceiver>>;
  let alertEvents: Subscription;
  const published: Array<{ subject: string; data: string }> = [];

  const orgs = { main: `org-main-${randomUUID().slice(0, 6)}`, rate: `org-rate-${randomUUID().slice(0, 6)}`, dead: `org-dead-${randomUUID().slice(0, 6)}`, quiet: `org-quiet-${randomUUID().slice(0, 6)}` };
  const channels: Record<string, string> = {};

  const post = <T = Json>(path: string, body: unknown) => client.http<T>('POST', path, body);
  const get = <T = Json>(path: string) => client.http<T>('GET', path);
  const alertsOf = async (orgId: string, q = '') => (await get<{ alerts: Json[] }>(`/v1/alerts?orgId=${orgId}${q}`)).body.alerts;
  const deliveriesOf = async (orgId: string, q = '') => (await get<{ deliveries: Json[] }>(`/v1/alerts/deliveries?orgId=${orgId}${q}`)).body.deliveries;
  const threshold = (budgetId: string, over: Json = {}) => ({ ...sampleData(EVENTS.budgetThreshold), budgetId, ...over });
  const pub = (contract: EventContract, data: Json, orgId: string) => client.publisher.publish(contract as never, data as never, { orgId });
  const slackFor = (alertId: string) => slack.received.filter((r) => JSON.stringify(r.json).includes(alertId));

  beforeAll(async () => {
    slack = await slackReceiver();
    pagerduty = await pagerDutyReceiver(secrets.routingKey);
    smtp = await smtpReceiver({ user: 'alerts@ironcage.test', pass: secrets.smtpPass });
    flaky = await signedWebhookReceiver(() => secrets.webhookSecret, (n) => (n <= 2 ? 500 : 200));
    dead = await signedWebhookReceiver(() => generatedSecret, () => 503);
    throttled = await httpReceiver(({ n }) => (n === 1 ? { status: 429, body: 'slow down', headers: { 'retry-after': '1' } } : { status: 200, body: 'ok' }));
    app = await startObservabilityApp({
      schema,
      namespace,
      adminKey,
      env: {
        ALERTS_EVALUATE_INTERVAL_MS: '200',
        ALERTS_DISPATCH_INTERVAL_MS: '100',
        ALERTS_DELIVERY_MAX_ATTEMPTS: '3',
        ALERTS_RETRY_BASE_MS: '100',
        ALERTS_RETRY_MAX_MS: '2000',
        ALERTS_DELIVERY_TIMEOUT_MS: '10000',
        ALERTS_PAGERDUTY_EVENTS_URL: `${pagerduty.url}/v2/enqueue`,
      },
    });
    client = await observabilityClient(namespace, app.url, adminKey);
    alertEvents = client.bus.nc.subscribe(client.bus.naming.subject('alert.>'));
    void (async () => {
      for await (const m of alertEvents) published.push({ subject: m.subject, data: m.string() });
    })();

    const create = async (orgId: string, name: string, body: Json) => {
      const r = await post<Json>('/v1/alerts/channels', { orgId, name, ...body });
      expect(r.status).toBe(201);
      return r.body;
    };
    channels.slack = (await create(orgs.main, 'ops-slack', { kind: 'slack', url: `${slack.url}${secrets.slackPath}` })).id as string;
    channels.pagerduty = (await create(orgs.main, 'on-call', { kind: 'pagerduty', routingKey: secrets.routingKey })).id as string;
    channels.email = (await create(orgs.main, 'ops-mail', {
      kind: 'email',
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      from: 'alerts@ironcage.test',
      to: ['oncall@example.com', 'lead@example.com'],
      username: 'alerts@ironcage.test',
      password: secrets.smtpPass,
    })).id as string;
    channels.webhook = (await create(orgs.rate, 'flaky-hook', { kind: 'webhook', url: `${flaky.url}/hooks/alerts`, secret: secrets.webhookSecret })).id as string;
    const deadChannel = await create(orgs.dead, 'dead-hook', { kind: 'webhook', url: `${dead.url}/hooks/alerts` });
    channels.dead = deadChannel.id as string;
    generatedSecret = deadChannel.signingSecret as string;
    channels.throttled = (await create(orgs.dead, 'throttled-slack', { kind: 'slack', url: `${throttled.url}/services/T1/B1/${randomBytes(8).toString('hex')}` })).id as string;
    channels.quietSlack = (await create(orgs.quiet, 'quiet-slack', { kind: 'slack', url: `${slack.url}${secrets.slackPath}` })).id as string;
  });

  afterAll(async () => {
    alertEvents?.unsubscribe();
    await app?.stop();
    if (client) {
      for await (const name of client.bus.jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) await client.bus.jsm.streams.delete(name);
      await client.close();
    }
    await Promise.all([slack?.close(), pagerduty?.close(), smtp?.close(), flaky?.close(), dead?.close(), throttled?.close()]);
    await dropSchema(schema);
  });

  describe('channels', () => {
    it('never shows a channel secret again: the API answers with a masked hint', async () => {
      const { body } = await get<{ channels: Json[] }>(`/v1/alerts/channels?orgId=${orgs.main}`);
      expect(body.channels.map((c) => c.kind)).toEqual(['slack', 'pagerduty', 'email']);
      expect(body.channels[1]).toMatchObject({ secretHint: `••••${secrets.routingKey.slice(-4)}`, settings: { eventsUrl: `${pagerduty.url}/v2/enqueue` } });
      expect(body.channels[2]).toMatchObject({ settings: { host: '127.0.0.1', security: 'none', username: 'alerts@ironcage.test' } });
      expect(generatedSecret).toMatch(/^whsec_/);
      const again = await get<Json>(`/v1/alerts/channels/${channels.dead}?orgId=${orgs.dead}`);
      expect(again.body.signingSecret).toBeUndefined();
      expect(JSON.stringify(body)).not.toContain(secrets.slackPath);
    });

    it("refuses an invalid channel naming each field, and another org's channel in a rule", async () => {
      const bad = await post<{ error: { code: string; details: Array<{ path: string }> } }>('/v1/alerts/channels', { orgId: orgs.main, name: 'x', kind: 'email', host: 'h', from: 'nope', to: [] });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((d) => d.path).sort()).toEqual(['body.from', 'body.to']);
      const foreign = await post<{ error: { code: string } }>('/v1/alerts/rules', { orgId: orgs.main, name: 'x', condition: { kind: 'event_count', subject: EVENTS.budgetThreshold }, channelIds: [channels.webhook] });
      expect(foreign).toMatchObject({ status: 400, body: { error: { code: 'alert_unknown_channel' } } });
    });
  });

  describe('an event rule notifying Slack, PagerDuty and e-mail', () => {
    let ruleId: string;
    let alert: Json;

    beforeAll(async () => {
      const rule = await post<Json>('/v1/alerts/rules', {
        orgId: orgs.main,
        name: 'budget crossed',
        condition: { kind: 'event_count', subject: EVENTS.budgetThreshold, threshold: 1, windowSeconds: 3, groupBy: ['budgetId'] },
        severity: 'critical',
        channelIds: [channels.slack, channels.pagerduty, channels.email],
        repeatIntervalSeconds: 3600,
      });
      expect(rule.status).toBe(201);
      ruleId = rule.body.id as string;
      await pub(budgetThresholdEvent, threshold('budget-eng', { thresholdPercent: 80 }), orgs.main);
      alert = await waitFor(async () => (await alertsOf(orgs.main, `&ruleId=${ruleId}&status=firing`))[0], 'the alert', WAIT);
    });

    it('posts Slack an incoming-webhook message with text and blocks', async () => {
      const [msg] = await waitFor(() => (slackFor(alert.id as string).length ? slackFor(alert.id as string) : undefined), 'the Slack message', WAIT);
      expect(msg.headers['content-type']).toBe('application/json');
      expect(msg.json.text).toMatch(/^\[FIRING\] budget crossed: budget\.threshold for budgetId=budget-eng/);
      expect(msg.json.blocks).toEqual([
        { type: 'header', text: { type: 'plain_text', text: '[FIRING] budget crossed', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: expect.stringContaining('budget.threshold for budgetId=budget-eng') } },
        { type: 'context', elements: expect.arrayContaining([{ type: 'mrkdwn', text: 'severity: critical' }]) },
      ]);
    });

    it('triggers a PagerDuty incident through Events API v2 with the alert as dedup key', async () => {
      const [trigger] = await waitFor(() => (pagerduty.received.length ? pagerduty.received : undefined), 'the PagerDuty event', WAIT);
      expect(trigger.status).toBe(202);
      expect(trigger.json).toMatchObject({
        routing_key: secrets.routingKey,
        event_action: 'trigger',
        dedup_key: alert.id,
        payload: { summary: expect.stringContaining('budget crossed'), source: `ironcage/${orgs.main}`, severity: 'critical', timestamp: alert.startedAt, custom_details: { ruleId } },
      });
    });

    it('e-mails every recipient through SMTP with authentication', async () => {
      const [mail] = await waitFor(() => (smtp.mails.length ? smtp.mails : undefined), 'the e-mail', WAIT);
      expect(mail).toMatchObject({ from: 'alerts@ironcage.test', to: ['oncall@example.com', 'lead@example.com'], subject: '[FIRING] budget crossed (critical)', user: 'alerts@ironcage.test' });
      expect(mail.text).toContain('budget.threshold for budgetId=budget-eng');
      expect(mail.headers.get('x-ironcage-alert-id')).toBe(alert.id);
    });

    it('sends "resolved" on every channel once the window holds no more events — PagerDuty resolves the same dedup key', async () => {
      await waitFor(async () => (await alertsOf(orgs.main, `&ruleId=${ruleId}&status=resolved`)).length > 0, 'the alert to resolve', WAIT);
      const resolve = await waitFor(() => pagerduty.received.find((r) => r.json.event_action === 'resolve'), 'the PagerDuty resolve', WAIT);
      expect(resolve.json).toEqual({ routing_key: secrets.routingKey, event_action: 'resolve', dedup_key: alert.id });
      expect(resolve.status).toBe(202);
      const resolvedSlack = await waitFor(() => slackFor(alert.id as string).find((r) => String(r.json.text).startsWith('[RESOLVED]')), 'the Slack resolve', WAIT);
      expect(resolvedSlack.json.blocks).toEqual(expect.arrayContaining([{ type: 'header', text: { type: 'plain_text', text: '[RESOLVED] budget crossed', emoji: true } }]));
      await waitFor(() => smtp.mails.find((m) => m.subject === '[RESOLVED] budget crossed (critical)'), 'the resolved e-mail', WAIT);
      const delivered = await waitFor(async () => {
        const d = await deliveriesOf(orgs.main, `&alertId=${alert.id}&status=delivered`);
        return d.length === 6 ? d : undefined;
      }, 'six settled deliveries', WAIT);
      expect(delivered.map((d) => `${d.channelKind}:${d.notification}`).sort()).toEqual(['email:firing', 'email:resolved', 'pagerduty:firing', 'pagerduty:resolved', 'slack:firing', 'slack:resolved']);
      expect(pagerduty.received.filter((r) => r.json.dedup_key === alert.id)).toHaveLength(2);
    });

    it('records every notification in the audit trail (alert.fired, alert.notified, alert.resolved)', async () => {
      const entries = await waitFor(async () => {
        const { body } = await get<{ entries: Json[] }>(`/v1/audit/entries?orgId=${orgs.main}&action=alert.*&limit=100`);
        return body.entries.filter((e) => e.action === 'alert.notified').length >= 6 ? body.entries : undefined;
      }, 'audit entries of the alert', WAIT);
      expect(new Set(entries.map((e) => e.action))).toEqual(new Set(['alert.fired', 'alert.notified', 'alert.resolved']));
    });
  });

  describe('grouping, repeats and silences', () => {
    it('N matching events make one notification per group, repeated at most once per repeat interval', async () => {
      const rule = await post<Json>('/v1/alerts/rules', {
        orgId: orgs.quiet,
        name: 'injection spike',
        condition: { kind: 'event_count', subject: EVENTS.policyViolated, threshold: 3, windowSeconds: 60, filters: { scanner: 'injection', action: ['block'] }, groupBy: ['principal.teamId'] },
        severity: 'error',
        channelIds: [channels.quietSlack],
        repeatIntervalSeconds: 3,
      });
      const violation = (teamId: string, over: Json = {}) => ({ ...sampleData(EVENTS.policyViolated), scanner: 'injection', action: 'block', principal: { keyId: 'key-1', teamId }, ...over });
      for (let i = 0; i < 8; i++) await pub(policyViolatedEvent, violation('red'), orgs.quiet);
      for (let i = 0; i < 2; i++) await pub(policyViolatedEvent, violation('blue'), orgs.quiet); // below the threshold
      for (let i = 0; i < 3; i++) await pub(policyViolatedEvent, violation('blue', { scanner: 'pii' }), orgs.quiet); // filtered out
      const [alert] = await waitFor(async () => {
        const a = await alertsOf(orgs.quiet, `&ruleId=${rule.body.id}`);
        return a.length && (a[0].value as number) >= 8 ? a : undefined;
      }, 'the alert counting all eight', WAIT);
      expect(alert).toMatchObject({ status: 'firing', labels: { 'principal.teamId': 'red', alertname: 'injection spike', severity: 'error' } });
      const repeat = await waitFor(() => slackFor(alert.id as string).find((r) => String(r.json.text).includes('(still firing)')), 'a repeat', WAIT);
      const forAlert = slackFor(alert.id as string);
      expect(forAlert.filter((r) => !String(r.json.text).includes('(still firing)'))).toHaveLength(1);
      expect(repeat.json.text).toMatch(/^\[FIRING\] injection spike \(still firing\)/);
      expect(await alertsOf(orgs.quiet, `&ruleId=${rule.body.id}`)).toHaveLength(1); // blue stayed below its threshold, pii was filtered out
    });

    it('records a silenced alert without notifying anyone, and notifies once the silence is lifted', async () => {
      const rule = await post<Json>('/v1/alerts/rules', {
        orgId: orgs.quiet,
        name: 'unpriced model',
        condition: { kind: 'event_count', subject: EVENTS.budgetUnpriced, threshold: 1, windowSeconds: 120 },
        channelIds: [channels.quietSlack],
      });
      const silence = await post<Json>('/v1/alerts/silences', { orgId: orgs.quiet, labels: { alertname: 'unpriced model' }, endsAt: new Date(Date.now() + 3600_000).toISOString(), comment: 'known, pricing update pending' });
      expect(silence.status).toBe(201);
      await pub(budgetUnpricedEvent, sampleData(EVENTS.budgetUnpriced), orgs.quiet);
      const [alert] = await waitFor(async () => {
        const a = await alertsOf(orgs.quiet, `&status=silenced`);
        return a.length ? a : undefined;
      }, 'the silenced alert', WAIT);
      expect(alert).toMatchObject({ ruleId: rule.body.id, silenceId: silence.body.id, notified: false });
      await sleep(1000);
      expect(slackFor(alert.id as string)).toHaveLength(0);

      expect((await client.http('DELETE', `/v1/alerts/silences/${silence.body.id}?orgId=${orgs.quiet}`)).status).toBe(200);
      const msg = await waitFor(() => slackFor(alert.id as string)[0], 'the notification after the silence', WAIT);
      expect(msg.json.text).toMatch(/^\[FIRING\] unpriced model/);
      expect((await alertsOf(orgs.quiet, `&ruleId=${rule.body.id}`))[0]).toMatchObject({ status: 'firing', notified: true, silenceId: null });
    });

    it('counts a redelivered event once', async () => {
      const rule = await post<Json>('/v1/alerts/rules', { orgId: orgs.quiet, name: 'two revocations', condition: { kind: 'event_count', subject: EVENTS.credentialRevoked, threshold: 2, windowSeconds: 600 } });
      const evaluate = app.app.get(EvaluateEventUseCase);
      const envelope: Envelope = { id: randomUUID(), type: EVENTS.credentialRevoked, specversion: '1.0', dataversion: 1, source: 'credentials', time: new Date().toISOString(), orgId: orgs.quiet, data: sampleData(EVENTS.credentialRevoked) } as Envelope;
      await evaluate.execute(EVENTS.credentialRevoked, envelope);
      await evaluate.execute(EVENTS.credentialRevoked, envelope);
      expect(await alertsOf(orgs.quiet, `&ruleId=${rule.body.id}`)).toHaveLength(0);
      await evaluate.execute(EVENTS.credentialRevoked, { ...envelope, id: randomUUID() });
      expect(await alertsOf(orgs.quiet, `&ruleId=${rule.body.id}`)).toHaveLength(1);
    });
  });

  describe('an error-rate rule notifying a signed webhook', () => {
    it('fires once the share of 5xx requests crosses the threshold, and retries the webhook through two 500s', async () => {
      const rule = await post<Json>('/v1/alerts/rules', {
        orgId: orgs.rate,
        name: 'provider errors',
        condition: { kind: 'error_rate', statusAtLeast: 500, ratePercent: 50, minRequests: 6, windowSeconds: 120, groupBy: ['provider'] },
        severity: 'error',
        channelIds: [channels.webhook],
      });
      const request = (status: number, provider: string) => ({ ...sampleData(EVENTS.requestReceived), requestId: randomUUID(), status, provider });
      for (const status of [200, 200, 502, 503]) await pub(requestReceivedEvent, request(status, 'openai'), orgs.rate);
      for (const status of [502, 502, 502, 502]) await pub(requestReceivedEvent, request(status, 'anthropic'), orgs.rate); // too few requests
      await sleep(1500);
      expect(await alertsOf(orgs.rate)).toHaveLength(0); // 2 of 4 for openai: below minRequests
      for (const status of [500, 200, 504]) await pub(requestReceivedEvent, request(status, 'openai'), orgs.rate);
      const [alert] = await waitFor(async () => {
        const a = await alertsOf(orgs.rate, `&ruleId=${rule.body.id}`);
        return a.length ? a : undefined;
      }, 'the error-rate alert', WAIT);
      expect(alert).toMatchObject({ status: 'firing', labels: { provider: 'openai' } });
      expect(alert.value as number).toBeGreaterThanOrEqual(50);
      // the alert moves on while its webhook is retried (its value follows new events); the
      // notification does not: every attempt carries the alert as it was when it was queued
      await waitFor(async () => flaky.received.some((r) => JSON.stringify(r.json).includes(alert.id as string)) || undefined, 'the first attempt', WAIT);
      for (const status of [502, 503]) await pub(requestReceivedEvent, request(status, 'openai'), orgs.rate);
      await waitFor(async () => {
        const [now] = await alertsOf(orgs.rate, `&ruleId=${rule.body.id}`);
        return (now.value as number) > (alert.value as number) || undefined;
      }, 'the alert value to follow the new events', WAIT);

      const [delivery] = await waitFor(async () => {
        const d = await deliveriesOf(orgs.rate, `&alertId=${alert.id}&status=delivered`);
        return d.length ? d : undefined;
      }, 'the webhook delivery', WAIT);
      expect(delivery).toMatchObject({ channelKind: 'webhook', notification: 'firing', attempts: 3, lastStatus: 200 });
      const attempts = flaky.received.filter((r) => r.headers['x-ironcage-delivery'] === delivery.id);
      expect(attempts.map((r) => r.status)).toEqual([500, 500, 200]);
      expect(flaky.verified.every(Boolean)).toBe(true);
      expect(attempts[0].headers['x-ironcage-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(attempts[0].headers['x-ironcage-event']).toBe('alert.firing');
      expect(new Set(attempts.map((r) => r.body)).size).toBe(1); // the same body each time, signed afresh
      expect(attempts[2].json).toMatchObject({ id: delivery.id, type: 'alert.firing', alert: { id: alert.id, orgId: orgs.rate, ruleName: 'provider errors', status: 'firing', labels: { provider: 'openai' } } });
    });

    it('dead-letters a malformed request event with the reason, on the alert consumer of its own', async () => {
      const subject = client.bus.naming.subject(EVENTS.requestReceived);
      const id = randomUUID();
      const h = natsHeaders();
      h.set(HEADERS.msgId, id);
      const bad = { id, type: EVENTS.requestReceived, specversion: '1.0', dataversion: 1, source: 'gateway', time: new Date().toISOString(), orgId: orgs.rate, data: { requestId: 'r', status: 'five hundred' } };
      await client.bus.js.publish(subject, JSON.stringify(bad), { headers: h });
      const stream = client.bus.naming.stream(STREAMS.deadLetters.name);
      const letter = await waitFor(async () => {
        const consumer = await client.bus.js.consumers.get(stream, { filter_subjects: [client.bus.naming.deadLetterSubject(EVENTS.requestReceived)], deliver_policy: DeliverPolicy.All });
        for (;;) {
          const m = await consumer.next({ expires: 1000 });
          if (!m) return undefined;
          if (m.headers?.get(HEADERS.deadLetterConsumer) === 'observability-alerts__request_received' && m.string().includes(id)) return m;
        }
      }, 'the dead letter of the alert consumer', WAIT);
      expect(letter.headers?.get(HEADERS.deadLetterReason)).toMatch(/status/);
    });
  });

  describe('delivery failures', () => {
    it('dead-letters a notification after the configured attempts: stored as failed with the reason, announced as alert.notified', async () => {
      const rule = await post<Json>('/v1/alerts/rules', {
        orgId: orgs.dead,
        name: 'budget to a dead hook',
        condition: { kind: 'event_count', subject: EVENTS.budgetThreshold, windowSeconds: 600 },
        channelIds: [channels.dead, channels.throttled],
      });
      await pub(budgetThresholdEvent, threshold('budget-ops'), orgs.dead);
      const [failed] = await waitFor(async () => {
        const d = await deliveriesOf(orgs.dead, '&status=failed');
        return d.length ? d : undefined;
      }, 'the dead letter', WAIT);
      expect(failed).toMatchObject({ channelId: channels.dead, status: 'failed', attempts: 3, lastStatus: 503, lastError: expect.stringMatching(/^gave up after 3 attempts: receiver answered 503/) });
      expect(dead.received.filter((r) => r.headers['x-ironcage-delivery'] === failed.id)).toHaveLength(3);
      expect(dead.verified.every(Boolean)).toBe(true); // signed with the generated secret
      const notified = await waitFor(() => published.map((p) => JSON.parse(p.data) as Envelope<Json>).find((e) => e.type === EVENTS.alertNotified && e.data.deliveryId === failed.id), 'alert.notified', WAIT);
      expect(notified.data).toMatchObject({ outcome: 'failed', attempts: 3, channelKind: 'webhook', ruleId: rule.body.id, reason: failed.lastError });

      // the other channel of the rule answered 429 with Retry-After first, then took it
      const [slow] = await waitFor(async () => {
        const d = await deliveriesOf(orgs.dead, `&channelId=${channels.throttled}&status=delivered`);
        return d.length ? d : undefined;
      }, 'the throttled delivery', WAIT);
      expect(slow).toMatchObject({ attempts: 2, lastStatus: 200 });
      expect(throttled.received.map((r) => r.status)).toEqual([429, 200]);
    });
  });

  it('never lets a channel secret out: not in any API answer, published event or log line', async () => {
    await waitFor(() => published.some((p) => p.subject.endsWith(EVENTS.alertResolved)), 'some alert events', WAIT);
    const values = [secrets.slackPath, secrets.routingKey, secrets.smtpPass, secrets.webhookSecret, generatedSecret];
    const responses = client.responses.filter((r) => !r.includes('"signingSecret"')); // the one answer that hands the generated secret over
    expect(client.responses.filter((r) => r.includes('"signingSecret"'))).toHaveLength(1);
    const haystacks = { responses: responses.join('\n'), events: published.map((p) => p.data).join('\n'), logs: app.logs.join('') };
    expect(app.logs.length).toBeGreaterThan(10);
    expect(published.length).toBeGreaterThan(5);
    for (const [where, text] of Object.entries(haystacks)) {
      for (const v of values) expect({ where, leaked: text.includes(v) }).toEqual({ where, leaked: false });
    }
  });
});
