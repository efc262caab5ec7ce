import type { ChatCompletionRequest } from '../../canonical/chat.schema';
import type { ChatCompletionChunk } from '../../canonical/chat.types';
import { ProviderError } from '../../errors/provider-error';
import type { Deployment } from '../../provider-adapter';
import { MockAdapter, mockTokenCount } from './mock.adapter';

const deployment: Deployment = { id: 'mock-1', provider: 'mock', upstreamModel: 'mock-model' };
const adapter = new MockAdapter();

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const out: ChatCompletionChunk[] = [];
  for await (const c of stream) out.push(c);
  return out;
}

const weather = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, unit: { enum: ['c', 'f'] } } } },
};

describe('MockAdapter', () => {
  describe('chat', () => {
    it('answers deterministically from the request', async () => {
      const req = { model: 'm', messages: [{ role: 'user', content: 'Tell me about owls' }] } as ChatCompletionRequest;
      const a = await adapter.chat(req, deployment, {});
      const b = await adapter.chat(req, deployment, {});
      expect(a.choices[0].message.content).toBe('Mock reply to 1 message: Tell me about owls');
      expect(b.choices[0].message.content).toBe(a.choices[0].message.content);
      expect(a.id).toBe(b.id);
    });

    it('counts usage exactly with its word tokenizer', async () => {
      const req = { model: 'm', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'one two three' }] } as ChatCompletionRequest;
      const res = await adapter.chat(req, deployment, {});
      expect(res.usage).toEqual({ prompt_tokens: 5, completion_tokens: mockTokenCount(res.choices[0].message.content!), total_tokens: 5 + mockTokenCount(res.choices[0].message.content!) });
    });

    it('calls the first tool with arguments that fit its schema', async () => {
      const res = await adapter.chat({ model: 'm', messages: [{ role: 'user', content: 'weather?' }], tools: [weather] } as ChatCompletionRequest, deployment, {});
      expect(res.choices[0].finish_reason).toBe('tool_calls');
      expect(JSON.parse(res.choices[0].message.tool_calls![0].function.arguments)).toEqual({ city: 'mock', days: 1, unit: 'c' });
    });

    it('answers in text once the tool result is back', async () => {
      const res = await adapter.chat(
        {
          model: 'm',
          tools: [weather],
          messages: [
            { role: 'user', content: 'weather?' },
            { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
            { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
          ],
        } as ChatCompletionRequest,
        deployment,
        {},
      );
      expect(res.choices[0].message.content).toBe('Tool result received: sunny');
    });

    it('returns valid JSON in json_object mode and schema-shaped JSON in json_schema mode', async () => {
      const obj = await adapter.chat({ model: 'm', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_object' } } as ChatCompletionRequest, deployment, {});
      expect(JSON.parse(obj.choices[0].message.content!)).toEqual({ answer: 'mock', echo: 'x' });
      const schema = await adapter.chat(
        { model: 'm', messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 's', schema: { type: 'object', properties: { ok: { type: 'boolean' }, tags: { type: 'array', items: { type: 'string' } } } } } } } as ChatCompletionRequest,
        deployment,
        {},
      );
      expect(JSON.parse(schema.choices[0].message.content!)).toEqual({ ok: true, tags: ['mock'] });
    });

    it('fails the configured way, for fallback tests', async () => {
      await expect(adapter.chat({ model: 'm', messages: [{ role: 'user', content: 'x' }] } as ChatCompletionRequest, { ...deployment, extra: { failWith: 'rate_limited' } }, {})).rejects.toMatchObject({
        code: 'rate_limited',
        retryable: true,
      });
    });
  });

  describe('chatStream', () => {
    it('streams one token per chunk that reassemble to the chat answer, then usage', async () => {
      const req = { model: 'm', messages: [{ role: 'user', content: 'a b c' }], stream: true, stream_options: { include_usage: true } } as ChatCompletionRequest;
      const chunks = await collect(adapter.chatStream(req, deployment, {}));
      const full = await adapter.chat(req, deployment, {});
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(full.choices[0].message.content);
      expect(chunks.at(-1)).toMatchObject({ choices: [], usage: full.usage });
      expect(chunks.at(-2)!.choices[0].finish_reason).toBe('stop');
    });

    it('streams tool call arguments in pieces that reassemble to JSON', async () => {
      const chunks = await collect(adapter.chatStream({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [weather], stream: true } as ChatCompletionRequest, deployment, {}));
      const args = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []).map((t) => t.function.arguments ?? '').join('');
      expect(JSON.parse(args)).toEqual({ city: 'mock', days: 1, unit: 'c' });
    });

    it('waits the configured first-token and per-token latency', async () => {
      const slow = { ...deployment, extra: { firstTokenLatencyMs: 60, perTokenLatencyMs: 10 } };
      const started = Date.now();
      const stream = adapter.chatStream({ model: 'm', messages: [{ role: 'user', content: 'a b c' }], stream: true } as ChatCompletionRequest, slow, {});
      const it = stream[Symbol.asyncIterator]();
      await it.next();
      const firstToken = Date.now() - started;
      while (!(await it.next()).done);
      expect(firstToken).toBeGreaterThanOrEqual(55);
      expect(Date.now() - started).toBeGreaterThanOrEqual(55 + 9 * 7);
    });

    it('stops when the client aborts', async () => {
      const controller = new AbortController();
      const slow = { ...deployment, extra: { perTokenLatencyMs: 20 } };
      const consumed = collect(adapter.chatStream({ model: 'm', messages: [{ role: 'user', content: 'a b c d e f g' }], stream: true } as ChatCompletionRequest, slow, { signal: controller.signal }));
      setTimeout(() => controller.abort(new Error('gone')), 30);
      await expect(consumed).rejects.toThrow('gone');
    });

    it('fails with timeout when the deadline comes first', async () => {
      const slow = { ...deployment, extra: { firstTokenLatencyMs: 500 } };
      await expect(collect(adapter.chatStream({ model: 'm', messages: [{ role: 'user', content: 'a' }], stream: true } as ChatCompletionRequest, slow, { deadline: Date.now() + 50 }))).rejects.toBeInstanceOf(ProviderError);
    });
  });

  describe('embeddings', () => {
    it('returns the same vector for the same text and different ones otherwise', async () => {
      const res = await adapter.embeddings({ model: 'e', input: ['alpha', 'alpha', 'beta'] }, deployment, {});
      expect(res.data[0].embedding).toEqual(res.data[1].embedding);
      expect(res.data[0].embedding).not.toEqual(res.data[2].embedding);
      expect((res.data[0].embedding as number[]).length).toBe(8);
      expect(res.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    });
  });
});
