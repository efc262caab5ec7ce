import type { ChatCompletion, ChatCompletionChunk, FinishReason, Usage } from '../canonical/chat.types';
import { parseToolArguments } from '../canonical/text';
import { toAnthropicErrorReply } from '../errors/error-bodies';
import { ProviderError } from '../errors/provider-error';
import type {
  AnthropicContentBlock,
  AnthropicResponse,
  AnthropicStopReason,
  AnthropicStreamEvent,
  AnthropicUsage,
} from '../adapters/anthropic/anthropic.wire';

export function stopReasonFromCanonical(finish: FinishReason | null | undefined): AnthropicStopReason {
  switch (finish) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** OpenAI's prompt_tokens include cached tokens; Anthropic's input_tokens do not. */
export function anthropicUsage(usage: Usage | undefined): AnthropicUsage {
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cached),
    output_tokens: usage?.completion_tokens ?? 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}

function messageId(id: string): string {
  return id.startsWith('msg_') ? id : `msg_${id.replace(/^chatcmpl-/, '')}`;
}

/** Canonical completion → Anthropic Messages response. `model` is what the client asked for. */
export function canonicalToAnthropicResponse(res: ChatCompletion, model: string): AnthropicResponse {
  const choice = res.choices[0];
  const content: AnthropicContentBlock[] = [];
  if (choice?.message.content) content.push({ type: 'text', text: choice.message.content });
  for (const call of choice?.message.tool_calls ?? []) {
    content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: parseToolArguments(call.function.arguments) });
  }
  if (!content.length) content.push({ type: 'text', text: '' });
  return {
    id: messageId(res.id),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReasonFromCanonical(choice?.finish_reason),
    stop_sequence: null,
    usage: anthropicUsage(res.usage),
  };
}

/**
 * Canonical chunks → Anthropic stream events. Feed chunks with `push`, then call `finish` once
 * the canonical stream ended (usage arrives last, so `message_delta` is sent at the very end).
 */
export class CanonicalToAnthropicStream {
  private started = false;
  private blockIndex = -1;
  private open: { kind: 'text' } | { kind: 'tool'; toolIndex: number } | undefined;
  private finish: FinishReason | null = null;
  private usage?: Usage;
  private id = '';

  constructor(private readonly model: string) {}

  private start(id: string): AnthropicStreamEvent[] {
    if (this.started) return [];
    this.started = true;
    this.id = messageId(id || `gw${Date.now().toString(36)}`);
    return [
      {
        type: 'message_start',
        message: { id: this.id, type: 'message', role: 'assistant', model: this.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } },
      },
    ];
  }

  private close(): AnthropicStreamEvent[] {
    if (!this.open) return [];
    this.open = undefined;
    return [{ type: 'content_block_stop', index: this.blockIndex }];
  }

  push(chunk: ChatCompletionChunk): AnthropicStreamEvent[] {
    const events = this.start(chunk.id);
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices) {
      const delta = choice.delta;
      if (delta.content) {
        if (this.open?.kind !== 'text') {
          events.push(...this.close());
          this.open = { kind: 'text' };
          events.push({ type: 'content_block_start', index: ++this.blockIndex, content_block: { type: 'text', text: '' } });
        }
        events.push({ type: 'content_block_delta', index: this.blockIndex, delta: { type: 'text_delta', text: delta.content } });
      }
      for (const call of delta.tool_calls ?? []) {
        if (this.open?.kind !== 'tool' || this.open.toolIndex !== call.index) {
          events.push(...this.close());
          this.open = { kind: 'tool', toolIndex: call.index };
          events.push({
            type: 'content_block_start',
            index: ++this.blockIndex,
            content_block: { type: 'tool_use', id: call.id ?? `toolu_${this.blockIndex}`, name: call.function.name ?? '', input: {} },
          });
        }
        if (call.function.arguments) {
          events.push({ type: 'content_block_delta', index: this.blockIndex, delta: { type: 'input_json_delta', partial_json: call.function.arguments } });
        }
      }
      if (choice.finish_reason) this.finish = choice.finish_reason;
    }
    return events;
  }

  finishEvents(): AnthropicStreamEvent[] {
    const events = [...this.start(''), ...this.close()];
    const usage = anthropicUsage(this.usage);
    events.push({ type: 'message_delta', delta: { stop_reason: stopReasonFromCanonical(this.finish), stop_sequence: null }, usage });
    events.push({ type: 'message_stop' });
    return events;
  }

  /** An error after the stream started is reported as Anthropic does: an `error` event. */
  errorEvent(err: ProviderError): AnthropicStreamEvent {
    const { body } = toAnthropicErrorReply(err);
    return { type: 'error', error: body.error };
  }
}

export function toSseFrame(event: AnthropicStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * A whole canonical stream as Anthropic SSE frames. A ProviderError mid-stream becomes an
 * `error` event (the HTTP status is already sent); a client abort propagates.
 */
export async function* anthropicSseFrames(chunks: AsyncIterable<ChatCompletionChunk>, model: string): AsyncGenerator<string> {
  const translator = new CanonicalToAnthropicStream(model);
  try {
    for await (const chunk of chunks) for (const event of translator.push(chunk)) yield toSseFrame(event);
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    yield toSseFrame(translator.errorEvent(err));
    return;
  }
  for (const event of translator.finishEvents()) yield toSseFrame(event);
}
