import type { ChatCompletionRequest, ChatMessage, ContentPart } from '../../canonical/chat.schema';
import type { ChatCompletion, ChatCompletionChunk, FinishReason, ToolCall, Usage } from '../../canonical';
import { contentText, maxOutputTokens, parseDataUrl, parseToolArguments, stopList } from '../../canonical/text';
import type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicRequest,
  AnthropicResponse,
  AnthropicStopReason,
  AnthropicStreamEvent,
  AnthropicUsage,
} from './anthropic.wire';

export const JSON_OBJECT_INSTRUCTION = 'Respond with a single valid JSON object and nothing else.';
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * How a canonical `response_format: json_schema` travels to providers without a JSON mode
 * (Anthropic, Bedrock): as one forced tool whose input is the answer.
 */
export function jsonSchemaTool(req: ChatCompletionRequest): { name: string; description: string; schema: Record<string, unknown> } | undefined {
  const rf = req.response_format;
  if (rf?.type !== 'json_schema' || req.tools?.length) return undefined;
  return {
    name: rf.json_schema.name,
    description: rf.json_schema.description ?? 'Answer with this structure.',
    schema: rf.json_schema.schema ?? { type: 'object' },
  };
}

export function jsonModeInstruction(req: ChatCompletionRequest): string | undefined {
  const rf = req.response_format;
  if (rf?.type === 'json_object' || (rf?.type === 'json_schema' && req.tools?.length)) return JSON_OBJECT_INSTRUCTION;
  return undefined;
}

function imageBlock(url: string): AnthropicContentBlock {
  const data = parseDataUrl(url);
  return data
    ? { type: 'image', source: { type: 'base64', media_type: data.mediaType, data: data.data } }
    : { type: 'image', source: { type: 'url', url } };
}

function partsToBlocks(content: string | ContentPart[]): AnthropicContentBlock[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return content.map((p) => (p.type === 'text' ? { type: 'text', text: p.text } : imageBlock(p.image_url.url)));
}

function push(out: AnthropicMessage[], role: 'user' | 'assistant', blocks: AnthropicContentBlock[]): void {
  if (!blocks.length) return;
  const prev = out.at(-1);
  // Anthropic wants alternating turns: consecutive same-role messages (tool results) merge.
  if (prev && prev.role === role && Array.isArray(prev.content)) prev.content.push(...blocks);
  else out.push({ role, content: blocks });
}

export function toAnthropicMessages(messages: ChatMessage[]): { system: string | undefined; messages: AnthropicMessage[] } {
  const system: string[] = [];
  const out: AnthropicMessage[] = [];
  for (const m of messages) {
    switch (m.role) {
      case 'system':
      case 'developer':
        system.push(contentText(m.content));
        break;
      case 'user':
        push(out, 'user', partsToBlocks(m.content));
        break;
      case 'assistant': {
        const blocks: AnthropicContentBlock[] = m.content ? partsToBlocks(m.content) : [];
        for (const call of m.tool_calls ?? []) {
          blocks.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseToolArguments(call.function.arguments) });
        }
        push(out, 'assistant', blocks);
        break;
      }
      case 'tool':
        push(out, 'user', [{ type: 'tool_result', tool_use_id: m.tool_call_id, content: contentText(m.content) }]);
        break;
    }
  }
  return { system: system.length ? system.join('\n\n') : undefined, messages: out };
}

export function toAnthropicRequest(req: ChatCompletionRequest, upstreamModel: string, defaultMaxTokens = DEFAULT_MAX_TOKENS): AnthropicRequest {
  const { system, messages } = toAnthropicMessages(req.messages);
  const out: AnthropicRequest = { model: upstreamModel, max_tokens: maxOutputTokens(req) ?? defaultMaxTokens, messages };
  const instruction = jsonModeInstruction(req);
  const systemText = [system, instruction].filter(Boolean).join('\n\n');
  if (systemText) out.system = systemText;
  if (req.temperature != null) out.temperature = Math.min(req.temperature, 1);
  if (req.top_p != null) out.top_p = req.top_p;
  const stop = stopList(req.stop);
  if (stop) out.stop_sequences = stop;
  if (req.user) out.metadata = { user_id: req.user };

  const schemaTool = jsonSchemaTool(req);
  if (schemaTool) {
    out.tools = [{ name: schemaTool.name, description: schemaTool.description, input_schema: schemaTool.schema }];
    out.tool_choice = { type: 'tool', name: schemaTool.name };
    return out;
  }
  if (req.tools?.length) {
    out.tools = req.tools.map((t) => ({
      name: t.function.name,
      ...(t.function.description ? { description: t.function.description } : {}),
      input_schema: t.function.parameters ?? { type: 'object', properties: {} },
    }));
    const parallel = req.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
    const choice = req.tool_choice;
    if (choice === 'none') out.tool_choice = { type: 'none' };
    else if (choice === 'required') out.tool_choice = { type: 'any', ...parallel };
    else if (choice && typeof choice === 'object') out.tool_choice = { type: 'tool', name: choice.function.name, ...parallel };
    else if (choice === 'auto' || req.parallel_tool_calls === false) out.tool_choice = { type: 'auto', ...parallel };
  }
  return out;
}

export function finishFromAnthropic(reason: AnthropicStopReason | null | undefined): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** Anthropic's input_tokens exclude cache reads and writes; OpenAI's prompt_tokens include them. */
export function usageFromAnthropic(u: Partial<AnthropicUsage> | undefined): Usage {
  const cacheRead = u?.cache_read_input_tokens ?? 0;
  const prompt = (u?.input_tokens ?? 0) + (u?.cache_creation_input_tokens ?? 0) + cacheRead;
  const completion = u?.output_tokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: cacheRead } };
}

export function fromAnthropicResponse(res: AnthropicResponse, req: ChatCompletionRequest, created: number): ChatCompletion {
  const schemaTool = jsonSchemaTool(req);
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const block of res.content ?? []) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') {
      if (schemaTool && block.name === schemaTool.name) text += JSON.stringify(block.input);
      else toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
  }
  const finish = schemaTool && res.stop_reason === 'tool_use' ? 'stop' : finishFromAnthropic(res.stop_reason);
  return {
    id: res.id,
    object: 'chat.completion',
    created,
    model: res.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || (toolCalls.length ? null : ''), ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
        finish_reason: finish,
        logprobs: null,
      },
    ],
    usage: usageFromAnthropic(res.usage),
  };
}

/**
 * Turns Anthropic stream events into canonical chunks, one event at a time. Errors inside the
 * stream (`event: error`) are returned for the adapter to throw.
 */
export class AnthropicToCanonicalStream {
  private id = '';
  private model = '';
  private usage: Partial<AnthropicUsage> = {};
  private readonly toolIndexByBlock = new Map<number, number>();
  private readonly schemaBlocks = new Set<number>();
  private finish: FinishReason | null = null;
  private readonly schemaToolName?: string;
  done = false;

  constructor(
    req: ChatCompletionRequest,
    private readonly created: number,
  ) {
    this.schemaToolName = jsonSchemaTool(req)?.name;
  }

  private chunk(delta: ChatCompletionChunk['choices'][0]['delta'], finish: FinishReason | null = null): ChatCompletionChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta, finish_reason: finish }] };
  }

  push(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    switch (event.type) {
      case 'message_start':
        this.id = event.message.id;
        this.model = event.message.model;
        this.usage = { ...event.message.usage };
        return [this.chunk({ role: 'assistant', content: '' })];
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'text' && block.text) return [this.chunk({ content: block.text })];
        if (block.type !== 'tool_use') return [];
        if (block.name === this.schemaToolName) {
          this.schemaBlocks.add(event.index);
          return [];
        }
        const toolIndex = this.toolIndexByBlock.size;
        this.toolIndexByBlock.set(event.index, toolIndex);
        return [this.chunk({ tool_calls: [{ index: toolIndex, id: block.id, type: 'function', function: { name: block.name, arguments: '' } }] })];
      }
      case 'content_block_delta': {
        const d = event.delta;
        if (d.type === 'text_delta') return [this.chunk({ content: d.text })];
        if (d.type === 'input_json_delta') {
          if (this.schemaBlocks.has(event.index)) return d.partial_json ? [this.chunk({ content: d.partial_json })] : [];
          const toolIndex = this.toolIndexByBlock.get(event.index);
          if (toolIndex === undefined || !d.partial_json) return [];
          return [this.chunk({ tool_calls: [{ index: toolIndex, function: { arguments: d.partial_json } }] })];
        }
        return [];
      }
      case 'message_delta':
        for (const [k, v] of Object.entries(event.usage ?? {})) if (v != null) (this.usage as Record<string, unknown>)[k] = v;
        this.finish = this.schemaToolName && event.delta.stop_reason === 'tool_use' ? 'stop' : finishFromAnthropic(event.delta.stop_reason);
        return [];
      case 'message_stop':
        this.done = true;
        return [this.chunk({}, this.finish ?? 'stop')];
      default:
        return [];
    }
  }

  usageChunk(): ChatCompletionChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage: usageFromAnthropic(this.usage) };
  }
}
