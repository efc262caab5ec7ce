import type { ChatCompletionRequest, ChatMessage, ToolCall } from '../../canonical/chat.schema';
import type { ChatCompletion, ChatCompletionChunk, FinishReason, Usage } from '../../canonical/chat.types';
import { contentText, maxOutputTokens, newId, stopList } from '../../canonical/text';
import { asArray, asRecord, num, optNum, str } from '../shared';

/** Cohere v2 `/v2/chat` request (the subset the gateway sends). */
export interface CohereChatRequest {
  model: string;
  messages: Record<string, unknown>[];
  stream?: boolean;
  tools?: unknown[];
  tool_choice?: 'REQUIRED' | 'NONE';
  response_format?: { type: 'json_object'; json_schema?: Record<string, unknown> };
  max_tokens?: number;
  temperature?: number;
  p?: number;
  seed?: number;
  stop_sequences?: string[];
  frequency_penalty?: number;
  presence_penalty?: number;
}

function cohereMessage(m: ChatMessage): Record<string, unknown> {
  switch (m.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: contentText(m.content) };
    case 'user':
      return {
        role: 'user',
        content: typeof m.content === 'string' ? m.content : m.content.map((p) => (p.type === 'text' ? { type: 'text', text: p.text } : { type: 'image_url', image_url: { url: p.image_url.url } })),
      };
    case 'assistant': {
      const out: Record<string, unknown> = { role: 'assistant' };
      const text = contentText(m.content);
      if (text) out.content = text;
      if (m.tool_calls?.length) out.tool_calls = m.tool_calls;
      return out;
    }
    case 'tool':
      return { role: 'tool', tool_call_id: m.tool_call_id, content: contentText(m.content) };
  }
}

export function toCohereRequest(req: ChatCompletionRequest, upstreamModel: string): CohereChatRequest {
  const out: CohereChatRequest = { model: upstreamModel, messages: req.messages.map(cohereMessage) };
  let tools = req.tools;
  const choice = req.tool_choice;
  if (tools?.length && choice !== undefined) {
    if (choice === 'none') out.tool_choice = 'NONE';
    else if (choice === 'required') out.tool_choice = 'REQUIRED';
    else if (typeof choice === 'object') {
      // Cohere cannot name one tool: offer only that one and require a call.
      tools = tools.filter((t) => t.function.name === choice.function.name);
      out.tool_choice = 'REQUIRED';
    }
  }
  if (tools?.length) out.tools = tools.map((t) => ({ type: 'function', function: { name: t.function.name, description: t.function.description, parameters: t.function.parameters ?? { type: 'object', properties: {} } } }));
  const rf = req.response_format;
  if (rf?.type === 'json_object') out.response_format = { type: 'json_object' };
  if (rf?.type === 'json_schema') out.response_format = { type: 'json_object', ...(rf.json_schema.schema ? { json_schema: rf.json_schema.schema } : {}) };
  const max = maxOutputTokens(req);
  if (max) out.max_tokens = max;
  if (req.temperature != null) out.temperature = req.temperature;
  if (req.top_p != null) out.p = req.top_p;
  if (req.seed != null) out.seed = req.seed;
  const stop = stopList(req.stop);
  if (stop) out.stop_sequences = stop;
  if (req.frequency_penalty != null) out.frequency_penalty = req.frequency_penalty;
  if (req.presence_penalty != null) out.presence_penalty = req.presence_penalty;
  return out;
}

export function finishFromCohere(reason: unknown): FinishReason {
  switch (reason) {
    case 'MAX_TOKENS':
      return 'length';
    case 'TOOL_CALL':
      return 'tool_calls';
    case 'ERROR_TOXIC':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** Cohere reports billed units and actual tokens; actual tokens are what the model processed. */
export function usageFromCohere(raw: unknown): Usage {
  const u = asRecord(raw);
  const tokens = asRecord(u.tokens);
  const billed = asRecord(u.billed_units);
  const prompt = optNum(tokens.input_tokens) ?? num(billed.input_tokens);
  const completion = optNum(tokens.output_tokens) ?? num(billed.output_tokens);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

export function fromCohereResponse(raw: unknown, model: string, created: number): ChatCompletion {
  const body = asRecord(raw);
  const message = asRecord(body.message);
  const text = asArray(message.content)
    .map((c) => asRecord(c))
    .filter((c) => c.type === 'text')
    .map((c) => str(c.text) ?? '')
    .join('');
  const calls = asArray(message.tool_calls).map((c): ToolCall => {
    const call = asRecord(c);
    const fn = asRecord(call.function);
    return { id: str(call.id) ?? newId('call_'), type: 'function', function: { name: str(fn.name) ?? '', arguments: str(fn.arguments) ?? '{}' } };
  });
  return {
    id: str(body.id) ?? newId('chatcmpl-'),
    object: 'chat.completion',
    created,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || (calls.length ? null : ''), ...(calls.length ? { tool_calls: calls } : {}) },
        finish_reason: finishFromCohere(body.finish_reason),
        logprobs: null,
      },
    ],
    usage: usageFromCohere(body.usage),
  };
}

/** Cohere v2 stream events (`message-start`, `content-delta`, `tool-call-*`, `message-end`) → canonical chunks. */
export class CohereToCanonicalStream {
  private id = newId('chatcmpl-');
  private toolCount = 0;
  private usage?: Usage;
  ended = false;

  constructor(
    private readonly model: string,
    private readonly created: number,
  ) {}

  private chunk(delta: ChatCompletionChunk['choices'][0]['delta'], finish: FinishReason | null = null): ChatCompletionChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta, finish_reason: finish }] };
  }

  push(event: Record<string, unknown>): ChatCompletionChunk[] {
    const delta = asRecord(event.delta);
    const message = asRecord(delta.message);
    switch (event.type) {
      case 'message-start':
        if (typeof event.id === 'string') this.id = event.id;
        return [this.chunk({ role: 'assistant', content: '' })];
      case 'content-delta': {
        const text = str(asRecord(message.content).text);
        return text ? [this.chunk({ content: text })] : [];
      }
      case 'tool-call-start': {
        const call = asRecord(message.tool_calls);
        const fn = asRecord(call.function);
        return [
          this.chunk({
            tool_calls: [{ index: this.toolCount++, id: str(call.id) ?? newId('call_'), type: 'function', function: { name: str(fn.name) ?? '', arguments: str(fn.arguments) ?? '' } }],
          }),
        ];
      }
      case 'tool-call-delta': {
        const args = str(asRecord(asRecord(message.tool_calls).function).arguments);
        return args ? [this.chunk({ tool_calls: [{ index: this.toolCount - 1, function: { arguments: args } }] })] : [];
      }
      case 'message-end':
        this.ended = true;
        this.usage = usageFromCohere(delta.usage);
        return [this.chunk({}, finishFromCohere(delta.finish_reason))];
      default:
        return [];
    }
  }

  usageChunk(): ChatCompletionChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage: this.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } };
  }
}
