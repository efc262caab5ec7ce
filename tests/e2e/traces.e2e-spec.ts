import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ServiceProcess, waitFor } from '@ironcage/testing';
import OpenAI from 'openai';
import { stringify } from 'yaml';
import { isolatedStack, newTraceparent } from './stack';

const repoRoot = resolve(__dirname, '..', '..');

interface SpanNode {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  serviceName: string;
  attributes: Record<string, unknown>;
  children: SpanNode[];
}

interface TraceView {
  traceId: string;
  services: string[];
  spanCount: number;
  spans: SpanNode[];
}

const flatten = (nodes: SpanNode[]): SpanNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

/** The gateway's OpenAI fake (services/gateway/test/fakes), run as its own process. */
async function serveOpenAIFake(key: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/gateway/test/fakes/serve-fake.ts', 'openai', key], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`fake did not start: ${output}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /^openai (http:\/\/\S+)$/m.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  });
  return { url, child };
}

/**
 * One chat completion through gateway → guardrails → budget → provider, every service exporting
 * its spans with its own OpenTelemetry SDK (OTLP/HTTP) to the observability service, which stores
 * them; the trace is read back through the query API.
 */
describe('traces: one chat completion across every service hop, with GenAI attributes', () => {
  const stack = isolatedStack('traces');
  const org = 'traced';
  const ingestToken = randomBytes(24).toString('base64url');
  const providerKey = 'sk-e2e-traces-provider-0123456789';
  const prompt = 'tell me about the sealed vault on the moon';
  const dir = mkdtempSync(join(tmpdir(), 'ironcage-traces-'));
  let observability: ServiceProcess;
  let gateway: ServiceProcess;
  let fake: { url: string; child: ChildProcess };
  let secret: string;
  let keyId: string;
  let teamId: string;

  const admin = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${gateway.url}${path}`, { method, headers: { authorization: `Bearer ${stack.adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return (await r.json()) as Record<string, unknown> & { id: string; secret: string; key: { id: string } };
  };

  beforeAll(async () => {
    fake = await serveOpenAIFake(providerKey);
    observability = await stack.start('observability', { ...stack.envFor('observability'), OBSERVABILITY_OTLP_TOKEN: ingestToken });
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: observability.url, OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${ingestToken}`, OTEL_BSP_SCHEDULE_DELAY: '500' };
    const models = { 'e2e/traced': { pricing: { input: 1, output: 2 }, deployments: [{ id: 'e2e-traced-openai', provider: 'openai', model: 'gpt-4o-mini', baseUrl: `${fake.url}/v1` }] } };
    const file = join(dir, 'models.yaml');
    writeFileSync(file, stringify({ models }));
    let budget: ServiceProcess;
    [, budget, gateway] = await Promise.all([
      stack.start('guardrails', { ...stack.envFor('guardrails'), ...otel }),
      stack.start('budget', { ...stack.envFor('budget'), ...otel }),
      stack.start('gateway', {
        ...stack.envFor('gateway'),
        ...otel,
        GATEWAY_GUARDRAILS: 'on',
        GATEWAY_BUDGET: 'on',
        GATEWAY_MODELS_FILE: file,
        GATEWAY_PROVIDER_KEYS: JSON.stringify({ openai: providerKey }),
      }),
    ]);
    await admin('POST', '/admin/v1/orgs', { id: org, name: 'Traced' });
    // the fake's model has no price in budget's catalogue: serve it and record it as unpriced
    const settings = await fetch(`${budget.url}/v1/orgs/${org}/budget-settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ unpricedPolicy: 'record_unpriced' }),
    });
    expect(settings.status).toBe(200);
    const team = await admin('POST', `/admin/v1/orgs/${org}/teams`, { slug: 'apps', name: 'Apps', allowedModels: ['e2e/*'] });
    teamId = team.id;
    const key = await admin('POST', `/admin/v1/orgs/${org}/keys`, { name: 'traced', owner: { type: 'team', teamId } });
    secret = key.secret;
    keyId = key.key.id;
  }, 120_000);

  afterAll(async () => {
    await stack.teardown();
    fake?.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores one trace with the gateway, guardrails, budget and provider spans, parented, attributed and without secrets', async () => {
    const { traceparent, traceId } = newTraceparent();
    const client = new OpenAI({ apiKey: secret, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const { data, response } = await client.chat.completions.create({ model: 'e2e/traced', max_tokens: 50, messages: [{ role: 'user', content: prompt }] }, { headers: { traceparent } }).withResponse();
    expect(data.choices[0].message.content).toBe(`Echo: ${prompt}`);
    expect(response.headers.get('x-ironcage-trace-id')).toBe(traceId);
    const requestId = response.headers.get('x-ironcage-request-id');

    const auth = { authorization: `Bearer ${stack.adminKey}` };
    // Every service exports on its own schedule; wait until all the hops have arrived.
    let seen = 'nothing';
    const trace = await waitFor(
      async () => {
        const r = await fetch(`${observability.url}/v1/traces/${traceId}?orgId=${org}`, { headers: auth });
        if (r.status !== 200) return false;
        const body = (await r.json()) as TraceView;
        const spans = flatten(body.spans);
        seen = spans.map((s) => `${s.serviceName}:${s.name}`).join(', ');
        const has = (service: string, name: RegExp) => spans.some((s) => s.serviceName === service && name.test(s.name));
        return has('gateway', /^chat /) && has('gateway', /^POST$/) && has('guardrails', /^process guardrails\.scan\.input$/) && has('budget', /^process budget\.authorize$/) && has('budget', /^process cost\.incurred$/) && body;
      },
      'every hop of the trace',
      90_000,
      500,
    ).catch((e: Error) => {
      throw new Error(`${e.message}; stored: ${seen}`);
    });
    const spans = flatten(trace.spans);
    expect(trace.services).toEqual(expect.arrayContaining(['gateway', 'guardrails', 'budget']));
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const parentOf = (s: SpanNode) => (s.parentSpanId ? byId.get(s.parentSpanId) : undefined);

    const chat = spans.find((s) => s.serviceName === 'gateway' && s.name === 'chat e2e/traced')!;
    expect(chat.kind).toBe('client');
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'e2e/traced',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.response.model': expect.any(String),
      'gen_ai.response.id': expect.any(String),
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': data.usage!.prompt_tokens,
      'gen_ai.usage.output_tokens': data.usage!.completion_tokens,
      'ironcage.org_id': org,
      'ironcage.team_id': teamId,
      'ironcage.key_id': keyId,
      'ironcage.request_id': requestId,
    });

    // the provider call: an HTTP client span under the chat span, to the fake's address
    const http = spans.find((s) => s.serviceName === 'gateway' && s.kind === 'client' && s.name === 'POST' && parentOf(s) === chat);
    expect(http?.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.response.status_code': 200, 'url.full': `${fake.url}/v1/chat/completions` });

    // the request's own server span, with the caller's trace and who it was for
    const server = spans.find((s) => s.serviceName === 'gateway' && s.kind === 'server')!;
    expect(server.attributes).toMatchObject({ 'ironcage.org_id': org, 'ironcage.key_id': keyId });
    expect(parentOf(chat)).toBe(server);

    // guardrails and budget handled the RPCs in server spans that are children of the gateway's client spans
    for (const [service, subject] of [
      ['guardrails', 'guardrails.scan.input'],
      ['guardrails', 'guardrails.scan.output'],
      ['budget', 'budget.authorize'],
    ]) {
      const handled = spans.find((s) => s.serviceName === service && s.name === `process ${subject}`);
      expect({ subject, kind: handled?.kind }).toEqual({ subject, kind: 'server' });
      const sent = parentOf(handled!);
      expect({ subject, sent: sent?.name, by: sent?.serviceName, kind: sent?.kind }).toEqual({ subject, sent: `send ${subject}`, by: 'gateway', kind: 'client' });
    }

    // budget settles from the gateway's cost.incurred event, consumed in the same trace
    const settled = spans.find((s) => s.serviceName === 'budget' && s.name === 'process cost.incurred')!;
    expect(parentOf(settled)?.serviceName).toBe('gateway');

    // no key material, no prompt or completion text anywhere in what was stored
    const stored = JSON.stringify(trace);
    for (const secretText of [secret, providerKey, stack.adminKey, ingestToken, prompt, 'sealed vault', data.choices[0].message.content!]) expect(stored).not.toContain(secretText);

    // the list API finds it by org, service and model
    const list = async (query: string) => ((await (await fetch(`${observability.url}/v1/traces?orgId=${org}${query}`, { headers: auth })).json()) as { traces: { traceId: string; serviceCount: number }[] }).traces;
    expect((await list('&model=e2e/traced')).map((t) => t.traceId)).toContain(traceId);
    expect((await list('&service=budget')).map((t) => t.traceId)).toContain(traceId);
    expect((await list('&model=other')).map((t) => t.traceId)).not.toContain(traceId);
  }, 180_000);
});
