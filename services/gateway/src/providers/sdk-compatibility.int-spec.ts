import Anthropic from '@anthropic-ai/sdk';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { AnthropicFake } from '../../test/fakes/anthropic.fake';
import { WEATHER_TOOL } from '../../test/fakes/adapter-contract';
import { OpenAIFake } from '../../test/fakes/openai.fake';
import {
  anthropicSseFrames,
  anthropicToCanonical,
  canonicalToAnthropicResponse,
  CanonicalValidationError,
  ConfigCredentialSource,
  parseAnthropicMessagesRequest,
  parseChatCompletionRequest,
  ProviderError,
  ProviderRegistry,
  toAnthropicErrorReply,
  toOpenAIErrorReply,
  type Deployment,
} from './index';

/**
 * A minimal stand-in for the gateway's controllers, using only the public API of this layer,
 * so that real client SDKs can be pointed at it: the OpenAI SDK talking to an Anthropic
 * upstream and the Anthropic SDK talking to an OpenAI upstream (and the mock).
 */
describe('client SDKs through the provider layer', () => {
  let server: Server;
  let baseURL: string;
  let anthropicFake: AnthropicFake;
  let openaiFake: OpenAIFake;
  let registry: ProviderRegistry;
  const deployments: Record<string, Deployment> = {};

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }

  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const abort = new AbortController();
    res.on('close', () => abort.abort(new Error('client closed')));
    const ctx = { signal: abort.signal, deadline: Date.now() + 10_000 };
    const anthropicSurface = req.url === '/v1/messages';
    try {
      const body = await readJson(req);
      if (anthropicSurface) {
        const inbound = parseAnthropicMessagesRequest(body);
        const canonical = anthropicToCanonical(inbound);
        const deployment = deployments[inbound.model];
        const adapter = registry.get(deployment.provider);
        if (!canonical.stream) return reply(res, 200, canonicalToAnthropicResponse(await adapter.chat(canonical, deployment, ctx), inbound.model));
        const iterator = adapter.chatStream(canonical, deployment, ctx)[Symbol.asyncIterator]();
        const first = await iterator.next(); // failures before the first chunk still get an HTTP error
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const rest = { [Symbol.asyncIterator]: () => iterator };
        async function* all() {
          if (!first.done) yield first.value;
          yield* rest;
        }
        for await (const frame of anthropicSseFrames(all(), inbound.model)) res.write(frame);
        return void res.end();
      }
      const canonical = parseChatCompletionRequest(body);
      const deployment = deployments[canonical.model];
      const adapter = registry.get(deployment.provider);
      if (!canonical.stream) return reply(res, 200, { ...(await adapter.chat(canonical, deployment, ctx)), model: canonical.model });
      const stream = adapter.chatStream(canonical, deployment, ctx);
      let headersSent = false;
      for await (const chunk of stream) {
        if (!headersSent) res.writeHead(200, { 'content-type': 'text/event-stream' });
        headersSent = true;
        res.write(`data: ${JSON.stringify({ ...chunk, model: canonical.model })}\n\n`);
      }
      res.end('data: [DONE]\n\n');
    } catch (err) {
      if (err instanceof ProviderError) {
        const r = anthropicSurface ? toAnthropicErrorReply(err) : toOpenAIErrorReply(err);
        return reply(res, r.status, r.body, r.headers);
      }
      if (err instanceof CanonicalValidationError) return reply(res, 400, { error: { message: err.message, type: 'invalid_request_error' } });
      reply(res, 500, { error: { message: 'internal' } });
    }
  }

  beforeAll(async () => {
    anthropicFake = await new AnthropicFake('sk-ant-upstream-1234567').start();
    openaiFake = await new OpenAIFake({ apiKey: 'sk-openai-upstream-1234567' }).start();
    registry = new ProviderRegistry(new ConfigCredentialSource({}, { anthropic: 'sk-ant-upstream-1234567', openai: 'sk-openai-upstream-1234567' }));
    deployments['claude-via-gateway'] = { id: 'c', provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5', baseUrl: anthropicFake.url };
    deployments['gpt-via-gateway'] = { id: 'g', provider: 'openai', upstreamModel: 'gpt-4o-mini', baseUrl: `${openaiFake.url}/v1` };
    deployments['mock-via-gateway'] = { id: 'm', provider: 'mock', upstreamModel: 'mock-1' };
    server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await registry.close();
    await anthropicFake.stop();
    await openaiFake.stop();
  });

  describe('the openai SDK against an Anthropic upstream', () => {
    const client = () => new OpenAI({ apiKey: 'virtual-key', baseURL: `${baseURL}/v1`, maxRetries: 0 });

    it('gets a chat completion', async () => {
      const res = await client().chat.completions.create({ model: 'claude-via-gateway', messages: [{ role: 'user', content: 'hello world' }] });
      expect(res.choices[0].message.content).toBe('Echo: hello world');
      expect(res.usage?.total_tokens).toBeGreaterThan(0);
    });

    it('streams with tool calls and usage the SDK can assemble', async () => {
      const stream = client().chat.completions.stream({
        model: 'claude-via-gateway',
        messages: [{ role: 'user', content: 'weather?' }],
        tools: [WEATHER_TOOL],
        stream_options: { include_usage: true },
      });
      const final = await stream.finalChatCompletion();
      expect(final.choices[0].finish_reason).toBe('tool_calls');
      expect(final.choices[0].message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } });
      expect(final.usage?.completion_tokens).toBeGreaterThan(0);
    });

    it('sees an upstream overload as a retryable 503 with retry-after', async () => {
      anthropicFake.next({ kind: 'error', status: 529, flavour: 'overloaded', retryAfterSeconds: 3 });
      const err = await client()
        .chat.completions.create({ model: 'claude-via-gateway', messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
      expect((err as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('3');
    });
  });

  describe('the anthropic SDK against an OpenAI upstream', () => {
    const client = () => new Anthropic({ apiKey: 'virtual-key', baseURL, maxRetries: 0 });

    it('gets a message', async () => {
      const msg = await client().messages.create({ model: 'gpt-via-gateway', max_tokens: 100, messages: [{ role: 'user', content: 'hello there' }] });
      expect(msg.content).toEqual([{ type: 'text', text: 'Echo: hello there' }]);
      expect(msg.stop_reason).toBe('end_turn');
      expect(msg.usage.output_tokens).toBe(3);
    });

    it('streams text and the SDK assembles the final message with usage', async () => {
      const stream = client().messages.stream({ model: 'gpt-via-gateway', max_tokens: 100, messages: [{ role: 'user', content: 'one two three' }] });
      let text = '';
      stream.on('text', (t) => (text += t));
      const final = await stream.finalMessage();
      expect(text).toBe('Echo: one two three');
      expect(final.content).toHaveLength(1);
      expect(final.content[0]).toMatchObject({ type: 'text', text: 'Echo: one two three' });
      expect(final.usage.output_tokens).toBe(4);
      expect(final.usage.input_tokens).toBeGreaterThan(0);
    });

    it('streams a tool_use block whose input the SDK parses', async () => {
      const final = await client()
        .messages.stream({
          model: 'gpt-via-gateway',
          max_tokens: 100,
          messages: [{ role: 'user', content: 'weather?' }],
          tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } }],
        })
        .finalMessage();
      expect(final.stop_reason).toBe('tool_use');
      expect(final.content.find((b) => b.type === 'tool_use')).toMatchObject({ name: 'get_weather', input: { location: 'Paris' } });
    });

    it('runs a full tool round trip against the mock provider', async () => {
      const c = client();
      const tools = [{ name: 'lookup', input_schema: { type: 'object' as const, properties: { q: { type: 'string' } } } }];
      const first = await c.messages.create({ model: 'mock-via-gateway', max_tokens: 50, tools, messages: [{ role: 'user', content: 'find cats' }] });
      const use = first.content.find((b) => b.type === 'tool_use')!;
      expect(use).toMatchObject({ type: 'tool_use', name: 'lookup', input: { q: 'mock' } });
      const second = await c.messages.create({
        model: 'mock-via-gateway',
        max_tokens: 50,
        tools,
        messages: [
          { role: 'user', content: 'find cats' },
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: (use as { id: string }).id, content: '3 cats' }] },
        ],
      });
      expect(second.content[0]).toMatchObject({ type: 'text', text: 'Tool result received: 3 cats' });
    });

    it('sees an upstream rate limit as an Anthropic rate_limit_error', async () => {
      openaiFake.next({ kind: 'error', status: 429, retryAfterSeconds: 2 });
      const err = await client()
        .messages.create({ model: 'gpt-via-gateway', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.RateLimitError);
      expect((err as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    });
  });
});
