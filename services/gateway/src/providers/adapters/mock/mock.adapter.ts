import { createHash } from 'node:crypto';
import type { ChatCompletionRequest } from '../../canonical/chat.schema';
import type { ChatCompletion, ChatCompletionChunk, Usage } from '../../canonical/chat.types';
import { embeddingInputsAsText, encodeEmbedding, type EmbeddingsRequest, type EmbeddingsResponse } from '../../canonical/embeddings.schema';
import { contentText, nowSeconds } from '../../canonical/text';
import { ProviderError, type ProviderErrorCode } from '../../errors/provider-error';
import type { CallContext, Deployment, ProviderAdapter, ProviderCapabilities } from '../../provider-adapter';
import { extraNumber, extraString } from '../shared';

/** The mock's tokenizer: whitespace-separated words. Usage counts are exact under this rule. */
export function mockTokens(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

export function mockTokenCount(text: string): number {
  return mockTokens(text).length;
}

/** A value that satisfies a (simple) JSON schema: enums take their first value. */
export function sampleFromSchema(schema: unknown): unknown {
  const s = (schema ?? {}) as Record<string, unknown>;
  if (Array.isArray(s.enum)) return s.enum[0];
  if ('const' in s) return s.const;
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return 'mock';
    case 'number':
      return 1.5;
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return [sampleFromSchema(s.items)];
    default: {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sampleFromSchema(v)]));
    }
  }
}

interface Plan {
  text?: string;
  toolCall?: { id: string; name: string; arguments: string };
}

function planAnswer(req: ChatCompletionRequest): Plan {
  const messages = req.messages;
  const last = messages.at(-1);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const choice = req.tool_choice;
  if (req.tools?.length && choice !== 'none' && last?.role !== 'tool') {
    const tool = typeof choice === 'object' ? req.tools.find((t) => t.function.name === choice.function.name) : req.tools[0];
    if (tool) {
      const args = JSON.stringify(sampleFromSchema(tool.function.parameters ?? { type: 'object' }));
      return { toolCall: { id: `call_mock_${messages.length}`, name: tool.function.name, arguments: args } };
    }
  }
  const rf = req.response_format;
  if (rf?.type === 'json_schema') return { text: JSON.stringify(sampleFromSchema(rf.json_schema.schema ?? { type: 'object' })) };
  const words = mockTokens(contentText(lastUser?.content ?? '')).slice(0, 24).join('').trim();
  if (rf?.type === 'json_object') return { text: JSON.stringify({ answer: 'mock', echo: words }) };
  if (last?.role === 'tool') return { text: `Tool result received: ${contentText(last.content)}` };
  return { text: `Mock reply to ${messages.length} message${messages.length === 1 ? '' : 's'}: ${words}` };
}

function promptTokens(req: ChatCompletionRequest): number {
  let n = 0;
  for (const m of req.messages) {
    n += mockTokenCount(contentText(m.content ?? ''));
    if (m.role === 'assistant') for (const c of m.tool_calls ?? []) n += mockTokenCount(`${c.function.name} ${c.function.arguments}`);
  }
  return n;
}

function completionTokens(plan: Plan): number {
  return plan.toolCall ? mockTokenCount(`${plan.toolCall.name} ${plan.toolCall.arguments}`) : mockTokenCount(plan.text ?? '');
}

function sleep(ms: number, ctx: CallContext): Promise<void> {
  if (ms <= 0 && !ctx.signal?.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const signal = ctx.signal;
    if (signal?.aborted) return reject(signal.reason);
    const pastDeadline = ctx.deadline !== undefined && Date.now() + ms > ctx.deadline;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        if (pastDeadline) reject(new ProviderError({ provider: 'mock', code: 'timeout', status: 504, message: 'mock did not finish before the deadline' }));
        else resolve();
      },
      pastDeadline ? Math.max(0, ctx.deadline! - Date.now()) : ms,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The built-in `mock` provider: no network, deterministic answers derived from the request
 * (an echo of the last user message; a call to the first or forced tool when tools are offered;
 * valid JSON in JSON mode), exact usage under the word tokenizer, and configurable latency:
 * `extra.firstTokenLatencyMs`, `extra.perTokenLatencyMs`. `extra.failWith: <ProviderErrorCode>`
 * makes every call fail that way, for fallback tests.
 */
export class MockAdapter implements ProviderAdapter {
  readonly id = 'mock' as const;
  readonly capabilities: ProviderCapabilities = { chat: true, stream: true, tools: true, jsonMode: true, vision: true, embeddings: true };

  private failure(deployment: Deployment): ProviderError | undefined {
    const code = extraString(deployment, 'failWith') as ProviderErrorCode | undefined;
    if (!code) return undefined;
    const status = { rate_limited: 429, overloaded: 503, timeout: 504, upstream_error: 500, bad_request: 400, auth: 401, not_found: 404, content_filter: 400, context_length: 400 }[code] ?? 500;
    return new ProviderError({ provider: this.id, code, status, message: `mock configured to fail with ${code}`, retryAfterMs: code === 'rate_limited' ? 1000 : undefined });
  }

  async chat(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): Promise<ChatCompletion> {
    const failure = this.failure(deployment);
    if (failure) throw failure;
    const plan = planAnswer(req);
    const completion = completionTokens(plan);
    await sleep((extraNumber(deployment, 'firstTokenLatencyMs') ?? 0) + (extraNumber(deployment, 'perTokenLatencyMs') ?? 0) * completion, ctx);
    const prompt = promptTokens(req);
    return {
      id: `chatcmpl-mock-${createHash('sha1').update(JSON.stringify(req.messages)).digest('hex').slice(0, 16)}`,
      object: 'chat.completion',
      created: nowSeconds(),
      model: deployment.upstreamModel,
      choices: [
        {
          index: 0,
          message: plan.toolCall
            ? { role: 'assistant', content: null, tool_calls: [{ id: plan.toolCall.id, type: 'function', function: { name: plan.toolCall.name, arguments: plan.toolCall.arguments } }] }
            : { role: 'assistant', content: plan.text ?? '' },
          finish_reason: plan.toolCall ? 'tool_calls' : 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    };
  }

  async *chatStream(req: ChatCompletionRequest, deployment: Deployment, ctx: CallContext): AsyncGenerator<ChatCompletionChunk> {
    const failure = this.failure(deployment);
    if (failure) throw failure;
    const plan = planAnswer(req);
    const perToken = extraNumber(deployment, 'perTokenLatencyMs') ?? 0;
    const base = { id: `chatcmpl-mock-${Date.now().toString(36)}`, object: 'chat.completion.chunk' as const, created: nowSeconds(), model: deployment.upstreamModel };
    await sleep(extraNumber(deployment, 'firstTokenLatencyMs') ?? 0, ctx);
    yield { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] };
    if (plan.toolCall) {
      const { id, name, arguments: args } = plan.toolCall;
      yield { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: '' } }] }, finish_reason: null }] };
      for (let i = 0; i < args.length; i += 8) {
        const piece = args.slice(i, i + 8);
        await sleep(perToken, ctx);
        yield { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: piece } }] }, finish_reason: null }] };
      }
    } else {
      for (const token of mockTokens(plan.text ?? '')) {
        await sleep(perToken, ctx);
        yield { ...base, choices: [{ index: 0, delta: { content: token }, finish_reason: null }] };
      }
    }
    yield { ...base, choices: [{ index: 0, delta: {}, finish_reason: plan.toolCall ? 'tool_calls' : 'stop' }] };
    if (req.stream_options?.include_usage) {
      const prompt = promptTokens(req);
      const completion = completionTokens(plan);
      const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
      yield { ...base, choices: [], usage };
    }
  }

  async embeddings(req: EmbeddingsRequest, deployment: Deployment, ctx: CallContext): Promise<EmbeddingsResponse> {
    const failure = this.failure(deployment);
    if (failure) throw failure;
    await sleep(extraNumber(deployment, 'firstTokenLatencyMs') ?? 0, ctx);
    const texts = embeddingInputsAsText(req) ?? [JSON.stringify(req.input)];
    const dims = req.dimensions ?? extraNumber(deployment, 'dimensions') ?? 8;
    const data = texts.map((text, index) => {
      const digest = createHash('sha256').update(text).digest();
      const vector = Array.from({ length: dims }, (_, i) => Number(((digest[i % digest.length] / 255) * 2 - 1).toFixed(6)));
      return { object: 'embedding' as const, index, embedding: encodeEmbedding(vector, req.encoding_format) };
    });
    const tokens = texts.reduce((n, t) => n + mockTokenCount(t), 0);
    return { object: 'list', data, model: deployment.upstreamModel, usage: { prompt_tokens: tokens, total_tokens: tokens } };
  }
}

export function createMockAdapter(): MockAdapter {
  return new MockAdapter();
}
