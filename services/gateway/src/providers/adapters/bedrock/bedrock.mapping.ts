import type { ChatCompletionRequest, ChatMessage, ContentPart, ToolCall } from '../../canonical/chat.schema';
import type { ChatCompletion, ChatCompletionChunk, FinishReason, Usage } from '../../canonical/chat.types';
import { contentText, maxOutputTokens, newId, parseDataUrl, parseToolArguments, stopList } from '../../canonical/text';
import { ProviderError } from '../../errors/provider-error';
import { jsonModeInstruction, jsonSchemaTool } from '../anthropic/anthropic.mapping';
import type { BedrockContentBlock, BedrockConverseRequest, BedrockConverseResponse, BedrockMessage, BedrockStopReason, BedrockUsage } from './bedrock.wire';

const FORMATS = new Set(['png', 'jpeg', 'gif', 'webp']);

function blocksFrom(content: string | ContentPart[]): BedrockContentBlock[] {
  if (typeof content === 'string') return content ? [{ text: content }] : [];
  return content.map((p): BedrockContentBlock => {
    if (p.type === 'text') return { text: p.text };
    const data = parseDataUrl(p.image_url.url);
    const format = data?.mediaType.replace('image/', '').replace('jpg', 'jpeg');
    if (!data || !format || !FORMATS.has(format)) {
      throw new ProviderError({ provider: 'bedrock', code: 'bad_request', status: 400, message: 'Bedrock takes images as base64 data URLs of png, jpeg, gif or webp' });
    }
    return { image: { format: format as 'png', source: { bytes: data.data } } };
  });
}

function push(out: BedrockMessage[], role: 'user' | 'assistant', blocks: BedrockContentBlock[]): void {
  if (!blocks.length) return;
  const prev = out.at(-1);
  if (prev && prev.role === role) prev.content.push(...blocks);
  else out.push({ role, content: blocks });
}

function toolResultContent(text: string): ({ text: string } | { json: unknown })[] {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object') return [{ json: v }];
  } catch {
    // plain text
  }
  return [{ text }];
}

export function toBedrockRequest(req: ChatCompletionRequest, extraFields?: Record<string, unknown>): BedrockConverseRequest {
  const system: string[] = [];
  const messages: BedrockMessage[] = [];
  for (const m of req.messages as ChatMessage[]) {
    if (m.role === 'system' || m.role === 'developer') system.push(contentText(m.content));
    else if (m.role === 'user') push(messages, 'user', blocksFrom(m.content));
    else if (m.role === 'assistant') {
      const blocks = m.content ? blocksFrom(m.content) : [];
      for (const c of m.tool_calls ?? []) blocks.push({ toolUse: { toolUseId: c.id, name: c.function.name, input: parseToolArguments(c.function.arguments) } });
      push(messages, 'assistant', blocks);
    } else push(messages, 'user', [{ toolResult: { toolUseId: m.tool_call_id, content: toolResultContent(contentText(m.content)) } }]);
  }
  const out: BedrockConverseRequest = { messages };
  const instruction = jsonModeInstruction(req);
  if (instruction) system.push(instruction);
  if (system.length) out.system = system.map((text) => ({ text }));
  const inference: NonNullable<BedrockConverseRequest['inferenceConfig']> = {};
  const max = maxOutputTokens(req);
  if (max) inference.maxTokens = max;
  if (req.temperature != null) inference.temperature = Math.min(req.temperature, 1);
  if (req.top_p != null) inference.topP = req.top_p;
  const stop = stopList(req.stop);
  if (stop) inference.stopSequences = stop;
  if (Object.keys(inference).length) out.inferenceConfig = inference;

  const schemaTool = jsonSchemaTool(req);
  if (schemaTool) {
    out.toolConfig = {
      tools: [{ toolSpec: { name: schemaTool.name, description: schemaTool.description, inputSchema: { json: schemaTool.schema } } }],
      toolChoice: { tool: { name: schemaTool.name } },
    };
  } else if (req.tools?.length) {
    out.toolConfig = {
      tools: req.tools.map((t) => ({
        toolSpec: {
          name: t.function.name,
          ...(t.function.description ? { description: t.function.description } : {}),
          inputSchema: { json: t.function.parameters ?? { type: 'object', properties: {} } },
        },
      })),
    };
    // Converse has no "none": tools stay declared (history may reference them) and the model chooses.
    const choice = req.tool_choice;
    if (choice === 'required') out.toolConfig.toolChoice = { any: {} };
    else if (choice && typeof choice === 'object') out.toolConfig.toolChoice = { tool: { name: choice.function.name } };
    else if (choice === 'auto') out.toolConfig.toolChoice = { auto: {} };
  }
  if (extraFields && Object.keys(extraFields).length) out.additionalModelRequestFields = extraFields;
  return out;
}

export function finishFromBedrock(reason: BedrockStopReason | undefined): FinishReason {
  switch (reason) {
    case 'tool_use':
      return 'tool_calls';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      return 'stop';
  }
}

export function usageFromBedrock(u: Partial<BedrockUsage> | undefined): Usage {
  const cacheRead = u?.cacheReadInputTokens ?? 0;
  const prompt = (u?.inputTokens ?? 0) + cacheRead + (u?.cacheWriteInputTokens ?? 0);
  const completion = u?.outputTokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: cacheRead } };
}

export function fromBedrockResponse(res: BedrockConverseResponse, req: ChatCompletionRequest, model: string, created: number): ChatCompletion {
  const schemaTool = jsonSchemaTool(req);
  let text = '';
  const calls: ToolCall[] = [];
  for (const block of res.output?.message?.content ?? []) {
    if ('text' in block) text += block.text;
    else if ('toolUse' in block) {
      if (schemaTool && block.toolUse.name === schemaTool.name) text += JSON.stringify(block.toolUse.input);
      else calls.push({ id: block.toolUse.toolUseId, type: 'function', function: { name: block.toolUse.name, arguments: JSON.stringify(block.toolUse.input ?? {}) } });
    }
  }
  return {
    id: newId('chatcmpl-'),
    object: 'chat.completion',
    created,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || (calls.length ? null : ''), ...(calls.length ? { tool_calls: calls } : {}) },
        finish_reason: schemaTool && res.stopReason === 'tool_use' ? 'stop' : finishFromBedrock(res.stopReason),
        logprobs: null,
      },
    ],
    usage: usageFromBedrock(res.usage),
  };
}

type StreamPayload = Record<string, unknown> & {
  contentBlockIndex?: number;
  start?: { toolUse?: { toolUseId: string; name: string } };
  delta?: { text?: string; toolUse?: { input?: string } };
  stopReason?: BedrockStopReason;
  usage?: BedrockUsage;
};

/** ConverseStream events (already decoded from event-stream frames) → canonical chunks. */
export class BedrockToCanonicalStream {
  private readonly id = newId('chatcmpl-');
  private readonly toolIndexByBlock = new Map<number, number>();
  private readonly schemaBlocks = new Set<number>();
  private readonly schemaToolName?: string;
  private usage?: BedrockUsage;
  stopped = false;

  constructor(
    req: ChatCompletionRequest,
    private readonly model: string,
    private readonly created: number,
  ) {
    this.schemaToolName = jsonSchemaTool(req)?.name;
  }

  private chunk(delta: ChatCompletionChunk['choices'][0]['delta'], finish: FinishReason | null = null): ChatCompletionChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta, finish_reason: finish }] };
  }

  push(type: string, p: StreamPayload): ChatCompletionChunk[] {
    const index = p.contentBlockIndex ?? 0;
    switch (type) {
      case 'messageStart':
        return [this.chunk({ role: 'assistant', content: '' })];
      case 'contentBlockStart': {
        const tool = p.start?.toolUse;
        if (!tool) return [];
        if (tool.name === this.schemaToolName) {
          this.schemaBlocks.add(index);
          return [];
        }
        const toolIndex = this.toolIndexByBlock.size;
        this.toolIndexByBlock.set(index, toolIndex);
        return [this.chunk({ tool_calls: [{ index: toolIndex, id: tool.toolUseId, type: 'function', function: { name: tool.name, arguments: '' } }] })];
      }
      case 'contentBlockDelta': {
        if (p.delta?.text) return [this.chunk({ content: p.delta.text })];
        const input = p.delta?.toolUse?.input;
        if (!input) return [];
        if (this.schemaBlocks.has(index)) return [this.chunk({ content: input })];
        const toolIndex = this.toolIndexByBlock.get(index);
        return toolIndex === undefined ? [] : [this.chunk({ tool_calls: [{ index: toolIndex, function: { arguments: input } }] })];
      }
      case 'messageStop':
        this.stopped = true;
        return [this.chunk({}, this.schemaToolName && p.stopReason === 'tool_use' ? 'stop' : finishFromBedrock(p.stopReason))];
      case 'metadata':
        this.usage = p.usage;
        return [];
      default:
        return [];
    }
  }

  usageChunk(): ChatCompletionChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage: usageFromBedrock(this.usage) };
  }
}
