import { ConfigCredentialSource } from '../../src/providers/credentials';
import type { ChatCompletionRequest } from '../../src/providers/canonical/chat.schema';
import type { ChatCompletionChunk } from '../../src/providers/canonical/chat.types';
import { ProviderError } from '../../src/providers/errors/provider-error';
import { HttpClient } from '../../src/providers/http/http-client';
import type { CredentialSource, Deployment, ProviderAdapter } from '../../src/providers/provider-adapter';
import type { FakeServer, RecordedRequest } from './fake-server';

export const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  },
};

export interface ContractSetup<F extends FakeServer> {
  name: string;
  fake: () => F;
  adapter: (http: HttpClient, credentials: CredentialSource) => ProviderAdapter;
  deployment: (fake: F) => Deployment;
  /** The key the fake accepts. */
  key: string;
  /** Asserts the fake saw the key in the provider's auth header. */
  expectAuth: (req: RecordedRequest, key: string) => void;
  jsonMode?: boolean;
  embeddings?: boolean;
  /** The status the provider uses for "overloaded" (Anthropic: 529), tested when given. */
  overloadedStatus?: number;
  /** The code an error reported inside a 200 stream maps to, for providers whose fake can send one. */
  inStreamErrorCode?: 'overloaded' | 'rate_limited' | 'upstream_error';
}

export interface ContractContext<F extends FakeServer> {
  fake: F;
  adapter: ProviderAdapter;
  deployment: Deployment;
  http: HttpClient;
}

export function userRequest(text: string, extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest {
  return { model: 'client-alias', messages: [{ role: 'user', content: text }], ...extra } as ChatCompletionRequest;
}

export async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const out: ChatCompletionChunk[] = [];
  for await (const c of stream) out.push(c);
  return out;
}

export function reassemble(chunks: ChatCompletionChunk[]) {
  let text = '';
  const tools: { id?: string; name?: string; args: string }[] = [];
  let finish: string | null = null;
  for (const c of chunks) {
    for (const choice of c.choices) {
      text += choice.delta.content ?? '';
      for (const t of choice.delta.tool_calls ?? []) {
        tools[t.index] ??= { args: '' };
        if (t.id) tools[t.index].id = t.id;
        if (t.function.name) tools[t.index].name = t.function.name;
        tools[t.index].args += t.function.arguments ?? '';
      }
      if (choice.finish_reason) finish = choice.finish_reason;
    }
  }
  const usage = chunks.at(-1)?.usage ?? undefined;
  return { text, tools, finish, usage };
}

export async function expectProviderError(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ProviderError);
    return err as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

/**
 * The behaviours every adapter promises, run against the provider's fake. Adapter specs call
 * this and add their provider's wire-level assertions.
 */
export function describeAdapterContract<F extends FakeServer>(setup: ContractSetup<F>, extra?: (ctx: () => ContractContext<F>) => void): void {
  describe(`${setup.name} adapter against its fake`, () => {
    const ctx = {} as ContractContext<F>;
    beforeAll(async () => {
      ctx.fake = await setup.fake().start();
      ctx.http = new HttpClient();
      ctx.adapter = setup.adapter(ctx.http, new ConfigCredentialSource({}, { [setup.name]: setup.key, [setup.deployment(ctx.fake).provider]: setup.key }));
      ctx.deployment = setup.deployment(ctx.fake);
    });
    afterAll(async () => {
      await ctx.http.close();
      await ctx.fake.stop();
    });
    beforeEach(() => ctx.fake.reset());

    describe('chat', () => {
      it('answers with the text and exact usage', async () => {
        const res = await ctx.adapter.chat(userRequest('Hello there friend'), ctx.deployment, {});
        expect(res.object).toBe('chat.completion');
        expect(res.choices[0].message.content).toBe('Echo: Hello there friend');
        expect(res.choices[0].finish_reason).toBe('stop');
        expect(res.usage.prompt_tokens).toBeGreaterThan(0);
        expect(res.usage.completion_tokens).toBe(4);
        expect(res.usage.total_tokens).toBe(res.usage.prompt_tokens + res.usage.completion_tokens);
      });

      it('authenticates with the deployment key', async () => {
        await ctx.adapter.chat(userRequest('hi'), ctx.deployment, {});
        setup.expectAuth(ctx.fake.last, setup.key);
      });

      it('returns a tool call when tools are offered', async () => {
        const res = await ctx.adapter.chat(userRequest('Weather in Paris?', { tools: [WEATHER_TOOL] }), ctx.deployment, {});
        const call = res.choices[0].message.tool_calls?.[0];
        expect(res.choices[0].finish_reason).toBe('tool_calls');
        expect(call?.function.name).toBe('get_weather');
        expect(JSON.parse(call!.function.arguments)).toEqual({ location: 'Paris' });
        expect(call?.id).toBeTruthy();
      });

      it('sends tool results back and answers from them', async () => {
        const req = {
          model: 'client-alias',
          tools: [WEATHER_TOOL],
          messages: [
            { role: 'user', content: 'Weather in Paris?' },
            { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
            { role: 'tool', tool_call_id: 'call_1', content: '18C and sunny' },
          ],
        } as ChatCompletionRequest;
        const res = await ctx.adapter.chat(req, ctx.deployment, {});
        expect(res.choices[0].message.content).toBe('The tool said: 18C and sunny');
      });

      if (setup.jsonMode !== false) {
        it('answers valid JSON in JSON mode', async () => {
          const res = await ctx.adapter.chat(userRequest('give json', { response_format: { type: 'json_object' } }), ctx.deployment, {});
          expect(JSON.parse(res.choices[0].message.content!)).toEqual({ echo: 'give json' });
        });
      }
    });

    describe('chatStream', () => {
      it('streams chunks that reassemble to the full text, then usage', async () => {
        const chunks = await collect(ctx.adapter.chatStream(userRequest('one two three', { stream: true, stream_options: { include_usage: true } }), ctx.deployment, {}));
        const r = reassemble(chunks);
        expect(r.text).toBe('Echo: one two three');
        expect(r.finish).toBe('stop');
        expect(chunks.filter((c) => c.choices.some((x) => x.delta.content)).length).toBeGreaterThan(1);
        expect(chunks.at(-1)!.choices).toEqual([]);
        expect(r.usage).toMatchObject({ completion_tokens: 4 });
        expect(r.usage!.prompt_tokens).toBeGreaterThan(0);
        expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
      });

      it('sends no usage chunk when the client did not ask for one', async () => {
        const chunks = await collect(ctx.adapter.chatStream(userRequest('one two', { stream: true }), ctx.deployment, {}));
        expect(chunks.some((c) => c.choices.length === 0)).toBe(false);
        expect(reassemble(chunks).text).toBe('Echo: one two');
      });

      it('streams a tool call whose arguments reassemble to JSON', async () => {
        const chunks = await collect(ctx.adapter.chatStream(userRequest('Weather?', { stream: true, tools: [WEATHER_TOOL] }), ctx.deployment, {}));
        const r = reassemble(chunks);
        expect(r.finish).toBe('tool_calls');
        expect(r.tools).toHaveLength(1);
        expect(r.tools[0].name).toBe('get_weather');
        expect(r.tools[0].id).toBeTruthy();
        expect(JSON.parse(r.tools[0].args)).toEqual({ location: 'Paris' });
      });

      it('keeps the upstream connection open for reuse after a completed stream', async () => {
        // the response ends a little after the protocol's last event, as it can over a real network
        ctx.fake.next({ kind: 'late_end', ms: 30 });
        await collect(ctx.adapter.chatStream(userRequest('one', { stream: true }), ctx.deployment, {}));
        const state = await Promise.race([
          ctx.fake.last.connectionClosed.then(() => 'closed'),
          new Promise((r) => setTimeout(() => r('open'), 150)),
        ]);
        expect(state).toBe('open');
      });

      it('fails retryably when the upstream drops the connection mid-stream', async () => {
        ctx.fake.next({ kind: 'drop_mid_stream', afterChunks: 2 });
        const err = await expectProviderError(collect(ctx.adapter.chatStream(userRequest('a b c d e f', { stream: true }), ctx.deployment, {})));
        expect(err.code).toBe('upstream_error');
        expect(err.retryable).toBe(true);
      });

      if (setup.inStreamErrorCode) {
        it(`maps an error reported inside the stream to ${setup.inStreamErrorCode}, retryable`, async () => {
          ctx.fake.next({ kind: 'stream_error', afterChunks: 2 });
          const seen: ChatCompletionChunk[] = [];
          const err = await expectProviderError(
            (async () => {
              for await (const c of ctx.adapter.chatStream(userRequest('a b c d', { stream: true }), ctx.deployment, {})) seen.push(c);
            })(),
          );
          expect(err).toMatchObject({ code: setup.inStreamErrorCode, retryable: true });
          expect(seen.length).toBeGreaterThan(0);
        });
      }

      it('cancels the upstream request when the client aborts mid-stream', async () => {
        ctx.fake.next({ kind: 'slow_stream', chunkDelayMs: 150 });
        const controller = new AbortController();
        const stream = ctx.adapter.chatStream(userRequest('a b c d e f g h', { stream: true }), ctx.deployment, { signal: controller.signal });
        const seen: ChatCompletionChunk[] = [];
        const consumed = (async () => {
          for await (const c of stream) {
            seen.push(c);
            if (seen.length === 1) controller.abort(new Error('client went away'));
          }
        })();
        await expect(consumed).rejects.toThrow('client went away');
        await ctx.fake.last.connectionClosed;
      });

      it('closes the upstream connection when the consumer stops reading', async () => {
        ctx.fake.next({ kind: 'slow_stream', chunkDelayMs: 100 });
        for await (const _ of ctx.adapter.chatStream(userRequest('a b c d e f g h', { stream: true }), ctx.deployment, {})) break;
        await ctx.fake.last.connectionClosed;
      });
    });

    if (setup.embeddings) {
      describe('embeddings', () => {
        it('returns one vector per input with usage', async () => {
          const res = await ctx.adapter.embeddings!({ model: 'e', input: ['alpha beta', 'gamma'] }, ctx.deployment, {});
          expect(res.object).toBe('list');
          expect(res.data).toHaveLength(2);
          expect(res.data.map((d) => d.index)).toEqual([0, 1]);
          expect(Array.isArray(res.data[0].embedding)).toBe(true);
          expect((res.data[0].embedding as number[]).length).toBeGreaterThan(0);
          expect(res.usage.prompt_tokens).toBeGreaterThanOrEqual(0);
        });

        it('returns base64 float32 vectors when asked, as the openai SDK does by default', async () => {
          const floats = await ctx.adapter.embeddings!({ model: 'e', input: 'alpha' }, ctx.deployment, {});
          const b64 = await ctx.adapter.embeddings!({ model: 'e', input: 'alpha', encoding_format: 'base64' }, ctx.deployment, {});
          const buf = Buffer.from(b64.data[0].embedding as string, 'base64');
          const decoded = Array.from({ length: buf.length / 4 }, (_, i) => buf.readFloatLE(i * 4));
          expect(decoded.map((x) => x.toFixed(4))).toEqual((floats.data[0].embedding as number[]).map((x) => x.toFixed(4)));
        });
      });
    }

    describe('errors', () => {
      it('maps 429 to rate_limited, retryable, with the retry-after delay', async () => {
        ctx.fake.next({ kind: 'error', status: 429, retryAfterSeconds: 7, flavour: 'rate_limit' });
        const err = await expectProviderError(ctx.adapter.chat(userRequest('x'), ctx.deployment, {}));
        expect(err).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 7000, status: 429, provider: ctx.adapter.id });
      });

      it('maps 500 to upstream_error, retryable', async () => {
        ctx.fake.next({ kind: 'error', status: 500, flavour: 'server' });
        const err = await expectProviderError(ctx.adapter.chat(userRequest('x'), ctx.deployment, {}));
        expect(err).toMatchObject({ code: 'upstream_error', retryable: true });
      });

      if (setup.overloadedStatus) {
        it(`maps ${setup.overloadedStatus} overloaded to overloaded, retryable`, async () => {
          ctx.fake.next({ kind: 'error', status: setup.overloadedStatus!, flavour: 'overloaded' });
          const err = await expectProviderError(ctx.adapter.chat(userRequest('x'), ctx.deployment, {}));
          expect(err).toMatchObject({ code: 'overloaded', retryable: true });
        });
      }

      it('maps a context-length 400 to context_length, not retryable', async () => {
        ctx.fake.next({ kind: 'error', status: 400, flavour: 'context_length' });
        const err = await expectProviderError(ctx.adapter.chat(userRequest('x'), ctx.deployment, {}));
        expect(err).toMatchObject({ code: 'context_length', retryable: false });
      });

      it('maps a plain 400 to bad_request, not retryable', async () => {
        ctx.fake.next({ kind: 'error', status: 400, flavour: 'bad_request' });
        const err = await expectProviderError(ctx.adapter.chat(userRequest('x'), ctx.deployment, {}));
        expect(err).toMatchObject({ code: 'bad_request', retryable: false });
      });

      it('maps a rejected key to auth without repeating the key', async () => {
        const wrongKey = 'sk-wrong-key-0123456789abcdef';
        const adapter = setup.adapter(ctx.http, { getKey: async () => wrongKey });
        const err = await expectProviderError(adapter.chat(userRequest('x'), ctx.deployment, {}));
        expect(err.code).toBe('auth');
        expect(err.retryable).toBe(false);
        expect(JSON.stringify(err)).not.toContain(wrongKey);
        expect(err.message).not.toContain(wrongKey);
      });

      it('fails with timeout when the upstream sends nothing in time', async () => {
        ctx.fake.next({ kind: 'hang' });
        const started = Date.now();
        const err = await expectProviderError(ctx.adapter.chat(userRequest('x'), ctx.deployment, { timeouts: { firstByteMs: 200 } }));
        expect(err).toMatchObject({ code: 'timeout', retryable: true });
        expect(Date.now() - started).toBeLessThan(2000);
      });

      it('fails with timeout when the deadline passes mid-stream', async () => {
        ctx.fake.next({ kind: 'slow_stream', chunkDelayMs: 300 });
        const err = await expectProviderError(
          collect(ctx.adapter.chatStream(userRequest('a b c d e f g', { stream: true }), ctx.deployment, { deadline: Date.now() + 500 })),
        );
        expect(err).toMatchObject({ code: 'timeout', retryable: true });
        await ctx.fake.last.connectionClosed;
      });
    });

    extra?.(() => ctx);
  });
}
