import type { ChatCompletionRequest, ChatMessage, ContentPart, ToolCall } from '../canonical/chat.schema';
import { CanonicalValidationError, toFieldErrors } from '../canonical/validate';
import { AnthropicMessagesRequestSchema, type AnthropicMessagesRequest } from './anthropic-request.schema';

/** Validates an inbound `/v1/messages` body; field errors read like Anthropic's (`messages.0.content`). */
export function parseAnthropicMessagesRequest(body: unknown): AnthropicMessagesRequest {
  const result = AnthropicMessagesRequestSchema.safeParse(body);
  if (!result.success) {
    throw new CanonicalValidationError(toFieldErrors(result.error).map((d) => ({ ...d, path: d.path.replace(/\[(\d+)\]/g, '.$1') })));
  }
  return result.data;
}

type Block = Exclude<AnthropicMessagesRequest['messages'][number]['content'], string>[number];

function imagePart(source: { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string }): ContentPart {
  return { type: 'image_url', image_url: { url: source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url } };
}

function toolResultText(block: Extract<Block, { type: 'tool_result' }>): string {
  const content = block.content ?? '';
  const text = typeof content === 'string' ? content : content.map((c) => (c.type === 'text' ? c.text : '[image]')).join('\n');
  return block.is_error ? `Error: ${text}` : text;
}

/**
 * Anthropic Messages request → canonical request, so `/v1/messages` can be served by any
 * provider. Tool results become `tool` messages placed before the rest of their user turn;
 * thinking blocks and `top_k` (no canonical equivalent; OpenAI rejects it) are dropped.
 */
export function anthropicToCanonical(req: AnthropicMessagesRequest): ChatCompletionRequest {
  const messages: ChatMessage[] = [];
  if (req.system) {
    const text = typeof req.system === 'string' ? req.system : req.system.map((b) => b.text).join('\n\n');
    if (text) messages.push({ role: 'system', content: text });
  }
  for (const m of req.messages) {
    if (typeof m.content === 'string') {
      messages.push(m.role === 'user' ? { role: 'user', content: m.content } : { role: 'assistant', content: m.content });
      continue;
    }
    if (m.role === 'user') {
      const parts: ContentPart[] = [];
      for (const block of m.content) {
        if (block.type === 'tool_result') messages.push({ role: 'tool', tool_call_id: block.tool_use_id, content: toolResultText(block) });
        else if (block.type === 'text') parts.push({ type: 'text', text: block.text });
        else if (block.type === 'image') parts.push(imagePart(block.source));
      }
      if (parts.length) messages.push({ role: 'user', content: parts.length === 1 && parts[0].type === 'text' ? parts[0].text : parts });
    } else {
      let text = '';
      const toolCalls: ToolCall[] = [];
      for (const block of m.content) {
        if (block.type === 'text') text += block.text;
        else if (block.type === 'tool_use') toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
      }
      if (!text && !toolCalls.length) continue;
      messages.push({ role: 'assistant', content: text || null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) });
    }
  }

  const out: ChatCompletionRequest = { model: req.model, messages, max_tokens: req.max_tokens };
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.top_p !== undefined) out.top_p = req.top_p;
  if (req.stop_sequences?.length) out.stop = req.stop_sequences;
  if (req.metadata?.user_id) out.user = req.metadata.user_id;
  if (req.stream) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  if (req.tools?.length) {
    out.tools = req.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.input_schema },
    }));
    const choice = req.tool_choice;
    if (choice?.type === 'auto') out.tool_choice = 'auto';
    else if (choice?.type === 'any') out.tool_choice = 'required';
    else if (choice?.type === 'none') out.tool_choice = 'none';
    else if (choice?.type === 'tool') out.tool_choice = { type: 'function', function: { name: choice.name } };
    if (choice && choice.type !== 'none' && choice.disable_parallel_tool_use) out.parallel_tool_calls = false;
  }
  return out;
}
