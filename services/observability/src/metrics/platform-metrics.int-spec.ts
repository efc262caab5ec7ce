import { randomBytes, randomUUID } from 'node:crypto';
import { costIncurredEvent, type EventContract, policyViolatedEvent, requestReceivedEvent } from '@ironcage/contracts';
import { dropSchema, uniqueNamespace, uniqueSchema, waitFor } from '@ironcage/testing';
import { observabilityClient, startObservabilityApp } from '../testing/observability-app';

jest.setTimeout(120_000);

/** One sample of a Prometheus text exposition, by metric name and exact labels (any order). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    const found = Object.fromEntries([...body.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('platform metrics on /metrics, counted from the events every request leaves', () => {
  const namespace = uniqueNamespace('pmet');
  const schema = uniqueSchema('observability');
  const adminKey = `ic-admin-${randomBytes(24).toString('base64url')}`;
  const org = `org-${randomUUID().slice(0, 8)}`;
  let app: Awaited<ReturnType<typeof startObservabilityApp>>;
  let client: Awaited<ReturnType<typeof observabilityClient>>;
  const scrape = async () => (await fetch(`${app.url}/metrics`)).text();
  const pub = (contract: EventContract, data: Record<string, unknown>, id?: string) => client.publisher.publish(contract as never, data as never, { orgId: org, ...(id ? { id } : {}) });
  const principal = { keyId: 'k-1', teamId: 'team-red', userId: 'u-1' };

  beforeAll(async () => {
    app = await startObservabilityApp({ schema, namespace, adminKey });
    client = await observabilityClient(namespace, app.url, adminKey);
  });

  afterAll(async () => {
    await app?.stop();
    if (client) {
      for await (const name of client.bus.jsm.streams.names()) if (name.startsWith(`${namespace.toUpperCase()}_`)) await client.bus.jsm.streams.delete(name);
      await client.close();
    }
    await dropSchema(schema);
  });

  it('counts requests, errors, latency, tokens, cost, guardrail blocks and budget refusals by org, team, model and provider — and the GenAI client metrics', async () => {
    const served = { requestId: randomUUID(), principal, endpoint: '/v1/chat/completions', method: 'POST', status: 200, latencyMs: 420, model: 'openai/gpt-4o-mini', provider: 'openai', stream: false, usage: { inputTokens: 1200, outputTokens: 300 } };
    const eventId = randomUUID();
    await pub(requestReceivedEvent, served, eventId);
    await pub(requestReceivedEvent, served, eventId); // the same event again (de-duplicated by JetStream)
    await pub(requestReceivedEvent, { ...served, requestId: randomUUID(), status: 429, latencyMs: 3, errorCode: 'budget_exceeded', usage: { inputTokens: 0, outputTokens: 0 } });
    await pub(requestReceivedEvent, { ...served, requestId: randomUUID(), status: 502, latencyMs: 1500, errorCode: 'upstream_error', usage: { inputTokens: 0, outputTokens: 0 } });
    await pub(requestReceivedEvent, { requestId: randomUUID(), principal: { keyId: 'unknown-0123456789abcdef' }, endpoint: '/v1/chat/completions', method: 'POST', status: 401, latencyMs: 1, errorCode: 'invalid_credentials' });
    await pub(costIncurredEvent, { requestId: served.requestId, principal, model: 'openai/gpt-4o-mini', provider: 'openai', usage: { inputTokens: 1200, outputTokens: 300, cachedInputTokens: 200 }, costMicros: 375, currency: 'USD', estimated: false, priced: true });
    await pub(costIncurredEvent, { requestId: randomUUID(), principal, usage: { inputTokens: 0, outputTokens: 0 }, costMicros: 0, currency: 'USD', estimated: false, priced: false });
    await pub(policyViolatedEvent, { requestId: randomUUID(), principal, direction: 'input', scanner: 'injection', ruleId: 'injection-v2', action: 'block', severity: 'high', reason: 'prompt injection', types: [] });

    const text = await waitFor(async () => {
      const t = await scrape();
      return sample(t, 'ironcage_guardrail_blocks_total', { org }) === 1 && sample(t, 'ironcage_cost_usd_total', { org }) !== undefined && (sample(t, 'ironcage_requests_total', { org, status_class: '4xx', model: '' }) ?? 0) >= 1 ? t : undefined;
    }, 'the metrics');
    const m = { org, model: 'openai/gpt-4o-mini', provider: 'openai' };
    expect(sample(text, 'ironcage_requests_total', { ...m, team: 'team-red', status_class: '2xx' })).toBe(1);
    expect(sample(text, 'ironcage_requests_total', { ...m, team: 'team-red', status_class: '4xx' })).toBe(1);
    expect(sample(text, 'ironcage_requests_total', { ...m, team: 'team-red', status_class: '5xx' })).toBe(1);
    expect(sample(text, 'ironcage_request_errors_total', { ...m, status: '502', code: 'upstream_error' })).toBe(1);
    expect(sample(text, 'ironcage_request_errors_total', { org, status: '401', code: 'invalid_credentials' })).toBe(1);
    expect(sample(text, 'ironcage_budget_refusals_total', { org, code: 'budget_exceeded' })).toBe(1);
    expect(sample(text, 'ironcage_request_duration_seconds_count', { ...m, status_class: '2xx' })).toBe(1);
    expect(sample(text, 'ironcage_request_duration_seconds_bucket', { ...m, status_class: '2xx', le: '0.25' })).toBe(0);
    expect(sample(text, 'ironcage_request_duration_seconds_bucket', { ...m, status_class: '2xx', le: '0.5' })).toBe(1);
    expect(sample(text, 'ironcage_tokens_total', { ...m, team: 'team-red', type: 'input' })).toBe(1200);
    expect(sample(text, 'ironcage_tokens_total', { ...m, team: 'team-red', type: 'output' })).toBe(300);
    expect(sample(text, 'ironcage_tokens_total', { ...m, team: 'team-red', type: 'cached_input' })).toBe(200);
    expect(sample(text, 'ironcage_cost_usd_total', { ...m, team: 'team-red' })).toBeCloseTo(0.000375, 9);
    expect(sample(text, 'ironcage_guardrail_blocks_total', { org, scanner: 'injection', direction: 'input' })).toBe(1);

    const g = { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', gen_ai_request_model: 'openai/gpt-4o-mini' };
    expect(sample(text, 'gen_ai_client_token_usage_count', { ...g, gen_ai_token_type: 'input' })).toBe(3);
    expect(sample(text, 'gen_ai_client_token_usage_sum', { ...g, gen_ai_token_type: 'input' })).toBe(1200);
    expect(sample(text, 'gen_ai_client_token_usage_bucket', { ...g, gen_ai_token_type: 'output', le: '1024' })).toBe(3);
    expect(sample(text, 'gen_ai_client_operation_duration_seconds_count', { ...g, error_type: '' })).toBe(1);
    expect(sample(text, 'gen_ai_client_operation_duration_seconds_count', { ...g, error_type: 'upstream_error' })).toBe(1);
  });
});
