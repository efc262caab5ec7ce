import Anthropic from '@anthropic-ai/sdk';
import { credentials, loadPackageDefinition, Metadata, type ServiceClientConstructor, type ServiceError, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BusConnection } from '@ironcage/bus';
import { type CostIncurred, type Envelope, PLATFORM_ORG_ID, type ProviderCircuitChanged, type RequestReceived, STREAMS, UNATTRIBUTED_ORG_ID } from '@ironcage/contracts';
import { freePort, type ServiceProcess, waitFor } from '@ironcage/testing';
import OpenAI from 'openai';
import { stringify } from 'yaml';
import { isolatedStack } from './stack';

const repoRoot = resolve(__dirname, '..', '..');

/** One of the gateway's provider fakes (services/gateway/test/fakes), run as its own process. */
interface FakeProcess {
  url: string;
  stop(): Promise<void>;
}

async function serveFake(name: string, key?: string): Promise<FakeProcess> {
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', 'services/gateway/test/fakes/serve-fake.ts', name, ...(key ? [key] : [])], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`fake ${name} did not start: ${output}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = new RegExp(`^${name} (http://\\S+)$`, 'm').exec(output);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => reject(new Error(`fake ${name} exited with ${code}: ${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * An OpenAI-compatible upstream that misbehaves on purpose, chosen by the upstream model name:
 * `rate-limit` (429 with retry-after 7), `overloaded` (503), `slow` (answers after 1.5 s),
 * `slow-stream` (one chunk every 200 ms, noting when the gateway hangs up).
 */
class ScriptedUpstream {
  private server?: Server;
  url = '';
  streamClosed?: Promise<void>;

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { model: string };
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (body.model === 'rate-limit') return json(429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after': '7' });
    if (body.model === 'overloaded') return json(503, { error: { message: 'The engine is currently overloaded', type: 'server_error' } });
    if (body.model === 'slow') await new Promise((r) => setTimeout(r, 1_500));
    if (body.model === 'slow-stream') {
      this.streamClosed = new Promise((r) => res.once('close', () => r()));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < 50 && !res.destroyed; i++) {
        res.write(`data: ${JSON.stringify({ id: 's', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta: { content: `word${i} ` }, finish_reason: null }] })}\n\n`);
        await new Promise((r) => setTimeout(r, 200));
      }
      return void res.end('data: [DONE]\n\n');
    }
    json(200, { id: 'x', object: 'chat.completion', created: 1, model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: 'late' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
  }
}

const WEATHER_TOOL = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } },
};

interface Upstream {
  provider: string;
  /** serve-fake.ts name */
  fake: string;
  key: string;
  deployment: (url: string) => Record<string, unknown>;
  embeddings: boolean;
}

/** One fake per provider wire protocol, each answering "Echo: <last user message>" and calling the first tool offered. */
const UPSTREAMS: Upstream[] = [
  { provider: 'openai', fake: 'openai', key: 'sk-e2e-openai-0123456789', deployment: (u) => ({ baseUrl: `${u}/v1`, model: 'gpt-4o-mini' }), embeddings: true },
  { provider: 'azure-openai', fake: 'azure', key: 'azure-e2e-key-0123456789', deployment: (u) => ({ baseUrl: u, model: 'gpt4o-prod', apiVersion: '2024-10-21' }), embeddings: true },
  { provider: 'groq', fake: 'groq', key: 'gsk_e2ekey0123456789', deployment: (u) => ({ baseUrl: `${u}/openai/v1`, model: 'llama-3.3-70b-versatile' }), embeddings: false },
  { provider: 'together', fake: 'together', key: 'together-e2e-key-0123', deployment: (u) => ({ baseUrl: `${u}/v1`, model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' }), embeddings: true },
  { provider: 'mistral', fake: 'mistral', key: 'mistral-e2e-key-0123', deployment: (u) => ({ baseUrl: `${u}/v1`, model: 'mistral-large-latest' }), embeddings: true },
  { provider: 'openai-compatible', fake: 'vllm', key: 'vllm-e2e-token-0123', deployment: (u) => ({ baseUrl: `${u}/v1`, model: 'Qwen/Qwen2.5-7B-Instruct' }), embeddings: true },
  { provider: 'anthropic', fake: 'anthropic', key: 'sk-ant-e2e-key-0123456', deployment: (u) => ({ baseUrl: u, model: 'claude-sonnet-4-5' }), embeddings: false },
  {
    provider: 'bedrock',
    fake: 'bedrock',
    key: 'AKIAFAKEFAKEFAKE1234:fake/secret/key/0123456789abcdefghijklmn',
    deployment: (u) => ({ baseUrl: u, region: 'us-east-1', model: 'anthropic.claude-3-5-sonnet-20240620-v1:0' }),
    embeddings: false,
  },
  { provider: 'gemini', fake: 'gemini', key: 'AIzaE2eKey0123456789abcdefghij', deployment: (u) => ({ baseUrl: u, model: 'gemini-2.5-flash' }), embeddings: true },
  { provider: 'vertex', fake: 'vertex', key: 'ya29.e2e-access-token', deployment: (u) => ({ baseUrl: u, region: 'europe-west4', model: 'gemini-2.5-pro', extra: { project: 'acme-ai' } }), embeddings: true },
  { provider: 'cohere', fake: 'cohere', key: 'co-e2e-key-0123456', deployment: (u) => ({ baseUrl: u, model: 'command-a-03-2025' }), embeddings: true },
];

const chatModel = (provider: string) => `e2e/${provider}`;
const embeddingModel = (provider: string) => `e2e/${provider}-embed`;

interface Events {
  received: Map<string, RequestReceived[]>;
  costs: Map<string, CostIncurred[]>;
  /** The envelope's orgId of each request's events. */
  orgOf: Map<string, string>;
}

async function readEvents(bus: BusConnection): Promise<Events> {
  const out: Events = { received: new Map(), costs: new Map(), orgOf: new Map() };
  for (const [stream, into] of [
    [STREAMS.requests.name, out.received],
    [STREAMS.costs.name, out.costs],
  ] as const) {
    const name = bus.naming.stream(stream);
    const info = await bus.jsm.streams.info(name).catch(() => undefined);
    for (let seq = info?.state.first_seq ?? 1; info && seq <= info.state.last_seq; seq++) {
      const m = await bus.jsm.streams.getMessage(name, { seq }).catch(() => undefined);
      if (!m) continue;
      const envelope = m.json<Envelope<RequestReceived & CostIncurred>>();
      const list = (into as Map<string, unknown[]>).get(envelope.data.requestId) ?? [];
      list.push(envelope.data);
      out.orgOf.set(envelope.data.requestId, envelope.orgId);
      (into as Map<string, unknown[]>).set(envelope.data.requestId, list);
    }
  }
  return out;
}

describe('gateway inference: the real openai and @anthropic-ai/sdk clients through 11 provider adapters', () => {
  const stack = isolatedStack('gwinf');
  const org = 'infer';
  const dir = mkdtempSync(join(tmpdir(), 'ironcage-gw-e2e-'));
  let gateway: ServiceProcess;
  let bus: BusConnection;
  let secret: string;
  let narrowSecret: string;
  let keyOwner: Record<string, string>;
  const keyIds = new Map<string, string>();
  const keyIdOf = (key: string) => keyIds.get(key)!;
  let deadPort: number;
  let grpcPort: number;
  /** Request ids answered by the gateway, to check their events. */
  const answered = new Set<string>();
  const fakes = new Map<string, FakeProcess>();
  const scripted = new ScriptedUpstream();
  const urlOf = (u: Upstream) => fakes.get(u.provider)!.url;

  const admin = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return (await r.json()) as Record<string, unknown> & { id: string; secret: string };
  };
  const openai = (key = secret) => new OpenAI({ apiKey: key, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  const anthropic = (key = secret) => new Anthropic({ apiKey: key, baseURL: gateway.url, maxRetries: 0 });
  const track = (response: Response) => {
    const id = response.headers.get('x-ironcage-request-id');
    if (id) answered.add(id);
    return id;
  };

  beforeAll(async () => {
    await Promise.all([scripted.start(), ...UPSTREAMS.map(async (u) => fakes.set(u.provider, await serveFake(u.fake, u.key)))]);
    deadPort = await freePort();
    grpcPort = await freePort();

    const models: Record<string, unknown> = {};
    for (const u of UPSTREAMS) {
      models[chatModel(u.provider)] = { deployments: [{ id: `e2e-${u.provider}`, provider: u.provider, ...u.deployment(urlOf(u)) }] };
      if (u.embeddings) models[embeddingModel(u.provider)] = { type: 'embeddings', deployments: [{ id: `e2e-${u.provider}-embed`, provider: u.provider, ...u.deployment(urlOf(u)), model: 'embed-model' }] };
    }
    models['e2e/fallback'] = {
      pricing: { input: 1, output: 2 },
      deployments: [
        { id: 'e2e-dead', provider: 'openai', model: 'gpt-4o-mini', baseUrl: `http://127.0.0.1:${deadPort}/v1`, breaker: { failureThreshold: 2, openMs: 60_000 } },
        { id: 'e2e-alive', provider: 'openai', model: 'gpt-4o-mini', baseUrl: `${urlOf(UPSTREAMS[0])}/v1`, weight: 0 },
      ],
    };
    for (const behaviour of ['rate-limit', 'overloaded', 'slow', 'slow-stream']) {
      models[`e2e/scripted-${behaviour}`] = { deployments: [{ id: `e2e-scripted-${behaviour}`, provider: 'openai', model: behaviour, baseUrl: `${scripted.url}/v1`, timeouts: { firstByteMs: 300 } }] };
    }
    models['other/outside-team'] = { deployments: [{ provider: 'mock', model: 'mock-1' }] };
    const file = join(dir, 'models.yaml');
    writeFileSync(file, stringify({ models, aliases: { 'e2e-fast': chatModel('openai') } }));

    gateway = await stack.start('gateway', {
      ...stack.envFor('gateway'),
      GATEWAY_MODELS_FILE: file,
      GATEWAY_PROVIDER_KEYS: JSON.stringify(Object.fromEntries(UPSTREAMS.map((u) => [u.provider, u.key]))),
      GATEWAY_GRPC_PORT: String(grpcPort),
    });
    bus = await stack.bus();

    await admin('POST', '/admin/v1/orgs', { id: org, name: 'Inference' });
    const team = await admin('POST', `/admin/v1/orgs/${org}/teams`, { slug: 'apps', name: 'Apps', allowedModels: ['e2e/*', 'e2e-fast', 'mock/*'] });
    const user = await admin('POST', `/admin/v1/orgs/${org}/users`, { email: 'dev@infer.test', name: 'Dev' });
    await admin('PUT', `/admin/v1/orgs/${org}/teams/${team.id}/members/${user.id}`, { role: 'member' });
    keyOwner = { type: 'user', userId: user.id, teamId: team.id };
    const all = await admin('POST', `/admin/v1/orgs/${org}/keys`, { name: 'all', owner: keyOwner });
    const narrow = await admin('POST', `/admin/v1/orgs/${org}/keys`, { name: 'narrow', owner: keyOwner, allowedModels: ['mock/gpt-4o-mini'] });
    secret = all.secret;
    narrowSecret = narrow.secret;
    keyIds.set(secret, (all.key as { id: string }).id).set(narrowSecret, (narrow.key as { id: string }).id);
    expect(secret).toMatch(/^sk-ic-/);
  });

  afterAll(async () => {
    await bus?.close();
    await stack.teardown();
    await Promise.all([scripted.stop(), ...[...fakes.values()].map((f) => f.stop())]);
    rmSync(dir, { recursive: true, force: true });
  });

  describe.each(UPSTREAMS.map((u) => [u.provider]))('through the %s adapter', (provider) => {
    const model = chatModel(provider);

    it('answers a chat completion', async () => {
      const { data, response } = await openai().chat.completions.create({ model, messages: [{ role: 'user', content: 'hello gateway' }] }).withResponse();
      track(response);
      expect(data.model).toBe(model);
      expect(data.choices[0].message.content).toBe('Echo: hello gateway');
      expect(data.usage?.total_tokens).toBeGreaterThan(0);
    });

    it('streams a chat completion with usage the SDK assembles', async () => {
      const stream = openai().chat.completions.stream({ model, messages: [{ role: 'user', content: 'one two three' }], stream_options: { include_usage: true } });
      let text = '';
      stream.on('content', (delta) => (text += delta));
      const final = await stream.finalChatCompletion();
      expect(text).toBe('Echo: one two three');
      expect(final.choices[0].finish_reason).toBe('stop');
      expect(final.usage?.completion_tokens).toBeGreaterThan(0);
    });

    it('calls tools, streaming and not', async () => {
      const res = await openai().chat.completions.create({ model, messages: [{ role: 'user', content: 'weather in Paris?' }], tools: [WEATHER_TOOL] });
      expect(res.choices[0].finish_reason).toBe('tool_calls');
      expect(res.choices[0].message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
      expect(JSON.parse((res.choices[0].message.tool_calls![0] as { function: { arguments: string } }).function.arguments)).toEqual({ location: 'Paris' });

      const streamed = await openai().chat.completions.stream({ model, messages: [{ role: 'user', content: 'weather?' }], tools: [WEATHER_TOOL] }).finalChatCompletion();
      expect(streamed.choices[0].message.tool_calls?.[0]).toMatchObject({ function: { name: 'get_weather', arguments: '{"location":"Paris"}' } });
    });
  });

  describe.each(UPSTREAMS.filter((u) => u.embeddings).map((u) => [u.provider]))('embeddings through the %s adapter', (provider) => {
    it('embeds a batch of texts', async () => {
      const { data, response } = await openai().embeddings.create({ model: embeddingModel(provider), input: ['first text', 'second'], encoding_format: 'float' }).withResponse();
      track(response);
      expect(data.model).toBe(embeddingModel(provider));
      expect(data.data).toHaveLength(2);
      expect(data.data[1].index).toBe(1);
      expect(data.data[0].embedding.length).toBeGreaterThan(0);
    });
  });

  describe('the built-in mock models', () => {
    it('answer chat, JSON mode and embeddings offline, aliases included', async () => {
      const chat = await openai().chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'offline works' }] });
      expect(chat.choices[0].message.content).toBe('Mock reply to 1 message: offline works');
      const json = await openai().chat.completions.create({ model: 'mock/gpt-4o-mini', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'as json' }] });
      expect(JSON.parse(json.choices[0].message.content!)).toEqual({ answer: 'mock', echo: 'as json' });
      const embedding = await openai().embeddings.create({ model: 'mock/embedding', input: 'x' });
      expect(embedding.data[0].embedding).toHaveLength(8);
    });

    it('list only the models the key may use', async () => {
      const all = (await openai().models.list()).data.map((m) => m.id);
      expect(all).toEqual(expect.arrayContaining(['e2e/openai', 'e2e/cohere-embed', 'e2e-fast', 'mock/gpt-4o-mini', 'fast']));
      const narrow = (await openai(narrowSecret).models.list()).data.map((m) => m.id);
      expect(narrow.sort()).toEqual(['fast', 'mock/gpt-4o-mini']);
      expect(await openai().models.retrieve('mock/gpt-4o-mini')).toMatchObject({ id: 'mock/gpt-4o-mini', object: 'model', owned_by: 'mock' });
    });
  });

  describe('the Anthropic Messages API, served by any provider', () => {
    it.each([['e2e/anthropic'], ['e2e/openai'], ['e2e/gemini'], ['e2e/bedrock'], ['mock/claude-sonnet']])('creates and streams a message through %s', async (model) => {
      const msg = await anthropic().messages.create({ model, max_tokens: 100, messages: [{ role: 'user', content: 'hello there' }] });
      expect(msg.model).toBe(model);
      expect(msg.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('hello there') });
      expect(msg.usage.output_tokens).toBeGreaterThan(0);

      const stream = anthropic().messages.stream({ model, max_tokens: 100, messages: [{ role: 'user', content: 'one two three' }] });
      let text = '';
      stream.on('text', (t) => (text += t));
      const final = await stream.finalMessage();
      expect(text).toContain('one two three');
      expect(final.stop_reason).toBe('end_turn');
      expect(final.usage.output_tokens).toBeGreaterThan(0);
    });

    it('streams a tool_use block whose input the SDK parses', async () => {
      const final = await anthropic()
        .messages.stream({
          model: 'e2e/openai',
          max_tokens: 100,
          messages: [{ role: 'user', content: 'weather?' }],
          tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } }],
        })
        .finalMessage();
      expect(final.stop_reason).toBe('tool_use');
      expect(final.content.find((b) => b.type === 'tool_use')).toMatchObject({ name: 'get_weather', input: { location: 'Paris' } });
    });

    it('answers errors in the Anthropic format', async () => {
      const denied = await anthropic(narrowSecret)
        .messages.create({ model: 'e2e/anthropic', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e);
      expect(denied).toBeInstanceOf(Anthropic.PermissionDeniedError);
      expect((denied as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'permission_error', message: expect.stringContaining("key's allowed models") } });
      const invalid = await anthropic()
        .messages.create({ model: 'e2e/anthropic', messages: [{ role: 'user', content: 'x' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming)
        .catch((e: unknown) => e);
      expect(invalid).toBeInstanceOf(Anthropic.BadRequestError);
      expect((invalid as InstanceType<typeof Anthropic.APIError>).message).toContain('max_tokens');
      const unknownKey = await anthropic('sk-ic-not-a-real-key')
        .messages.create({ model: 'e2e/anthropic', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e);
      expect(unknownKey).toBeInstanceOf(Anthropic.AuthenticationError);
    });
  });

  describe('errors in the OpenAI format, with precise codes', () => {
    const fail = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as InstanceType<typeof OpenAI.APIError>);

    it('401 for an unknown key', async () => {
      const err = await fail(openai('sk-ic-unknown').chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x' }] }));
      expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(err?.code).toBe('invalid_credentials');
    });

    it('403 naming the layer whose rule denied the model', async () => {
      const byKey = await fail(openai(narrowSecret).chat.completions.create({ model: 'e2e/openai', messages: [{ role: 'user', content: 'x' }] }));
      expect(byKey).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect(byKey).toMatchObject({ code: 'model_not_allowed', param: 'model' });
      expect(byKey?.message).toContain("key's allowed models");
      const byTeam = await fail(openai().chat.completions.create({ model: 'other/outside-team', messages: [{ role: 'user', content: 'x' }] }));
      expect(byTeam).toBeInstanceOf(OpenAI.PermissionDeniedError);
      expect(byTeam?.message).toContain("team's allowed models");
    });

    it('400 naming the invalid field', async () => {
      const err = await fail(openai().chat.completions.create({ model: 'fast', messages: [{ role: 'robot', content: 'x' }] } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming));
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err).toMatchObject({ code: 'invalid_request', param: 'messages[0].role' });
    });

    it('404 for a model that does not exist', async () => {
      const err = await fail(openai().chat.completions.create({ model: 'e2e/nowhere', messages: [{ role: 'user', content: 'x' }] }));
      expect(err).toBeInstanceOf(OpenAI.NotFoundError);
      expect(err?.code).toBe('model_not_found');
    });

    it('413 for a body over the limit', async () => {
      const err = await fail(openai().chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x'.repeat(11 * 1024 * 1024) }] }));
      expect(err?.status).toBe(413);
      expect(err?.code).toBe('request_too_large');
    });

    it('429 with retry-after when the upstream rate-limits, 503 when it is overloaded, 504 when it is too slow', async () => {
      const limited = await fail(openai().chat.completions.create({ model: 'e2e/scripted-rate-limit', messages: [{ role: 'user', content: 'x' }] }));
      expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
      expect(limited?.headers?.get('retry-after')).toBe('7');
      // the breaker paused the deployment for as long as the upstream asked: answered at once
      const paused = await fail(openai().chat.completions.create({ model: 'e2e/scripted-rate-limit', messages: [{ role: 'user', content: 'x' }] }));
      expect(paused).toMatchObject({ status: 503, code: 'no_healthy_deployment' });
      expect(Number(paused?.headers?.get('retry-after'))).toBeGreaterThanOrEqual(6);

      const overloaded = await fail(openai().chat.completions.create({ model: 'e2e/scripted-overloaded', messages: [{ role: 'user', content: 'x' }] }));
      expect(overloaded?.status).toBe(503);

      const slow = await fail(openai().chat.completions.create({ model: 'e2e/scripted-slow', messages: [{ role: 'user', content: 'x' }] }));
      expect(slow?.status).toBe(504);
      expect(slow?.code).toBe('timeout');
    });
  });

  describe('fallback and circuit breaking', () => {
    it('falls back from an upstream that is down, then skips it once its breaker opened', async () => {
      for (let i = 0; i < 3; i++) {
        const { data, response } = await openai().chat.completions.create({ model: 'e2e/fallback', messages: [{ role: 'user', content: `try ${i}` }] }).withResponse();
        track(response);
        expect(data.choices[0].message.content).toBe(`Echo: try ${i}`);
      }
      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).toMatch(/gateway_circuit_breaker_state\{[^}]*deployment="e2e-dead"[^}]*\} 2/);
      expect(metrics).toMatch(/gateway_upstream_attempts_total\{[^}]*deployment="e2e-dead"[^}]*outcome="skipped"[^}]*\} 1/);

      // the transition is announced on the bus, platform-wide
      const opened = await waitFor(async () => {
        const name = bus.naming.stream(STREAMS.providers.name);
        const info = await bus.jsm.streams.info(name).catch(() => undefined);
        for (let seq = info?.state.first_seq ?? 1; info && seq <= info.state.last_seq; seq++) {
          const e = (await bus.jsm.streams.getMessage(name, { seq }).catch(() => undefined))?.json<Envelope<ProviderCircuitChanged>>();
          if (e?.data.deploymentId === 'e2e-dead' && e.data.to === 'open') return e;
        }
        return undefined;
      }, 'provider.circuit-changed');
      expect(opened).toMatchObject({
        orgId: PLATFORM_ORG_ID,
        source: 'gateway',
        data: { provider: 'openai', publicModels: expect.arrayContaining(['e2e/fallback']), from: 'closed', to: 'open', consecutiveFailures: 2, failureThreshold: 2, openForMs: expect.any(Number), replicaId: expect.any(String) },
      });
    });
  });

  describe('a client that goes away', () => {
    it('cancels the upstream stream and records the request as 499', async () => {
      const controller = new AbortController();
      const { data: stream, response } = await openai()
        .chat.completions.create({ model: 'e2e/scripted-slow-stream', stream: true, messages: [{ role: 'user', content: 'a long answer please' }] }, { signal: controller.signal })
        .withResponse();
      const requestId = response.headers.get('x-ironcage-request-id')!;
      for await (const _chunk of stream) {
        controller.abort();
        break;
      }
      await Promise.race([scripted.streamClosed, new Promise((_, reject) => setTimeout(() => reject(new Error('upstream not cancelled')), 5_000))]);
      const events = await waitFor(async () => {
        const e = await readEvents(bus);
        return e.received.get(requestId) && e.costs.get(requestId) ? e : undefined;
      }, 'the events of the aborted stream');
      expect(events.received.get(requestId)).toEqual([expect.objectContaining({ status: 499, errorCode: 'client_closed', stream: true })]);
      expect(events.costs.get(requestId)).toEqual([expect.objectContaining({ model: 'e2e/scripted-slow-stream', provider: 'openai', deployment: 'e2e-scripted-slow-stream', estimated: true })]);
      expect(events.costs.get(requestId)![0].usage.outputTokens).toBeGreaterThan(0);
    });
  });

  describe('gRPC for platform-internal clients', () => {
    type Unary = (req: unknown, md: Metadata, cb: (err: ServiceError | null, res: Record<string, unknown>) => void) => void;
    const client = () => {
      const pkg = loadPackageDefinition(loadSync(join(repoRoot, 'libs/contracts/src/proto/gateway.proto'), { keepCase: true, longs: Number, defaults: false })) as unknown as {
        ironcage: { gateway: { v1: { Inference: ServiceClientConstructor } } };
      };
      return new pkg.ironcage.gateway.v1.Inference(`127.0.0.1:${grpcPort}`, credentials.createInsecure()) as unknown as { ChatCompletion: Unary; close(): void };
    };
    const chat = (key: string, model: string) => {
      const c = client();
      const md = new Metadata();
      md.set('authorization', `Bearer ${key}`);
      return new Promise<Record<string, unknown>>((res, rej) => c.ChatCompletion({ model, messages: [{ role: 'user', content: 'hello grpc' }] }, md, (e, r) => (c.close(), e ? rej(e) : res(r))));
    };

    it('answers with the same key, provider adapters and events as REST', async () => {
      const res = await chat(secret, 'e2e/anthropic');
      expect(res).toMatchObject({ model: 'e2e/anthropic', message: { content: 'Echo: hello grpc' }, finish_reason: 'stop' });
      answered.add(res.request_id as string);
    });

    it('refuses a model the key may not use, with the same code as REST', async () => {
      const err = (await chat(narrowSecret, 'e2e/openai').catch((e: unknown) => e)) as ServiceError;
      expect(err.code).toBe(status.PERMISSION_DENIED);
      expect(err.metadata.get('ironcage-error-code')).toEqual(['model_not_allowed']);
      const unknownKey = (await chat('sk-ic-nope', 'fast').catch((e: unknown) => e)) as ServiceError;
      expect(unknownKey.code).toBe(status.UNAUTHENTICATED);
    });

    it('records a call refused for its key like REST does: one request.received and one $0 cost.incurred, unattributed', async () => {
      const err = (await chat('sk-ic-grpc-nope', 'fast').catch((e: unknown) => e)) as ServiceError;
      expect(err.code).toBe(status.UNAUTHENTICATED);
      const [requestId] = err.metadata.get('ironcage-request-id') as string[];
      expect(requestId).toEqual(expect.any(String));
      const events = await waitFor(async () => {
        const e = await readEvents(bus);
        return e.received.has(requestId) && e.costs.has(requestId) ? e : undefined;
      }, 'the refused call');
      expect(events.orgOf.get(requestId)).toBe(UNATTRIBUTED_ORG_ID);
      expect(events.received.get(requestId)).toEqual([
        expect.objectContaining({ status: 401, errorCode: 'invalid_credentials', endpoint: '/ironcage.gateway.v1.Inference/ChatCompletion', principal: { keyId: expect.stringMatching(/^unknown-/) } }),
      ]);
      expect(events.costs.get(requestId)).toEqual([expect.objectContaining({ costMicros: 0 })]);
    });
  });

  describe('events', () => {
    it('every answered request produced exactly one request.received and one cost.incurred with who, what, usage, latency and status', async () => {
      expect(answered.size).toBeGreaterThan(15);
      const events = await waitFor(async () => {
        const e = await readEvents(bus);
        return [...answered].every((id) => e.received.has(id) && e.costs.has(id)) ? e : undefined;
      }, 'events of every request');
      for (const id of answered) {
        expect(events.received.get(id)).toHaveLength(1);
        expect(events.costs.get(id)).toHaveLength(1);
        const [received] = events.received.get(id)!;
        const [cost] = events.costs.get(id)!;
        expect(received).toMatchObject({ requestId: id, status: 200, method: 'POST', principal: { keyId: expect.any(String), userId: expect.any(String), teamId: expect.any(String) } });
        expect(received.latencyMs).toBeGreaterThan(0);
        expect(cost).toMatchObject({ requestId: id, model: received.model, provider: received.provider, currency: 'USD', usage: received.usage });
      }
      const fallback = [...answered].map((id) => events.costs.get(id)![0]).find((c) => c.model === 'e2e/fallback')!;
      expect(fallback).toMatchObject({ deployment: 'e2e-alive', priced: true, estimated: false });
      expect(fallback.costMicros).toBe(fallback.usage.inputTokens * 1 + fallback.usage.outputTokens * 2);
      const keyText = UPSTREAMS.map((u) => u.key);
      const all = JSON.stringify([...events.received.values(), ...events.costs.values()]);
      for (const k of keyText) expect(all).not.toContain(k);
    });

    it('every refused request — no key, an unknown or revoked key, a bad body, a model not allowed or not found, a body too large — has exactly one request.received and one $0 cost.incurred, attributed as far as the key allows', async () => {
      const chat = JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'x' }] });
      const post = (key: string | undefined, body: string, path = '/v1/chat/completions') =>
        fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body });
      const created = await admin('POST', `/admin/v1/orgs/${org}/keys`, { name: 'doomed', owner: keyOwner });
      const doomed = { id: (created.key as { id: string }).id, secret: created.secret };
      expect((await post(doomed.secret, chat)).status).toBe(200);
      expect(await admin('POST', `/admin/v1/orgs/${org}/keys/${doomed.id}/revoke`)).toMatchObject({ id: doomed.id, revokedAt: expect.any(String) });
      const wellFormedUnknown = 'sk-ic-' + '0'.repeat(43);

      const cases: { name: string; response: Promise<Response>; status: number; code: string; org: string; keyId: string | RegExp; endpoint?: string }[] = [
        { name: 'no key', response: post(undefined, chat), status: 401, code: 'missing_credentials', org: UNATTRIBUTED_ORG_ID, keyId: 'none' },
        { name: 'a key we never issued', response: post('sk-ic-not-a-key', chat), status: 401, code: 'invalid_credentials', org: UNATTRIBUTED_ORG_ID, keyId: /^unknown-[0-9a-f]{16}$/ },
        { name: 'a revoked key', response: waitFor(async () => { const r = await post(doomed.secret, chat); return r.status === 401 ? r : undefined; }, 'the revocation'), status: 401, code: 'key_revoked', org, keyId: doomed.id },
        { name: 'an invalid body', response: post(secret, JSON.stringify({ model: 'fast', messages: [{ role: 'robot', content: 'x' }] })), status: 400, code: 'invalid_request', org, keyId: keyIdOf(secret) },
        { name: 'JSON that does not parse', response: post(secret, '{"model": '), status: 400, code: 'invalid_json', org, keyId: keyIdOf(secret) },
        { name: 'a model not allowed', response: post(narrowSecret, JSON.stringify({ model: 'e2e/openai', messages: [{ role: 'user', content: 'x' }] })), status: 403, code: 'model_not_allowed', org, keyId: keyIdOf(narrowSecret) },
        { name: 'a model that does not exist', response: post(secret, JSON.stringify({ model: 'e2e/nowhere', messages: [{ role: 'user', content: 'x' }] })), status: 404, code: 'model_not_found', org, keyId: keyIdOf(secret) },
        { name: 'a body too large', response: post(secret, JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'x'.repeat(11 * 1024 * 1024) }] })), status: 413, code: 'request_too_large', org, keyId: keyIdOf(secret) },
        { name: 'an unknown key on the Anthropic route', response: post(wellFormedUnknown, JSON.stringify({ model: 'fast', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }), '/v1/messages'), status: 401, code: 'invalid_credentials', org: UNATTRIBUTED_ORG_ID, keyId: /^unknown-/, endpoint: '/v1/messages' },
      ];
      const ids: string[] = [];
      for (const c of cases) {
        const r = await c.response;
        expect({ name: c.name, status: r.status }).toEqual({ name: c.name, status: c.status });
        const id = r.headers.get('x-ironcage-request-id');
        expect({ name: c.name, id }).toEqual({ name: c.name, id: expect.any(String) });
        ids.push(id!);
      }
      const events = await waitFor(async () => {
        const e = await readEvents(bus);
        return ids.every((id) => e.received.has(id) && e.costs.has(id)) ? e : undefined;
      }, 'the refusals');
      await new Promise((r) => setTimeout(r, 300)); // a second copy would have arrived by now
      const settled = await readEvents(bus);
      cases.forEach((c, i) => {
        const id = ids[i];
        const received = settled.received.get(id)!;
        const cost = settled.costs.get(id)!;
        expect({ name: c.name, received: received.length, cost: cost.length, org: settled.orgOf.get(id) }).toEqual({ name: c.name, received: 1, cost: 1, org: c.org });
        expect(received[0]).toMatchObject({ requestId: id, status: c.status, errorCode: c.code, endpoint: c.endpoint ?? '/v1/chat/completions', method: 'POST', principal: { keyId: c.keyId } });
        expect(received[0].latencyMs).toBeGreaterThan(0);
        expect(cost[0]).toEqual({ requestId: id, principal: received[0].principal, usage: { inputTokens: 0, outputTokens: 0 }, costMicros: 0, currency: 'USD', estimated: false, priced: false });
      });
      expect(events.received.size).toBeGreaterThan(0);
      // what a caller presented never shows up in what was published
      const published = JSON.stringify([...settled.received.values(), ...settled.costs.values()]);
      for (const token of ['sk-ic-not-a-key', wellFormedUnknown, doomed.secret, secret]) expect(published).not.toContain(token);
    });
  });
});
