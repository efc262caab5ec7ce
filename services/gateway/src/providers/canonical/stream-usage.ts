import type { ChatCompletionChunk, Usage } from './chat.types';

/**
 * The gateway always asks adapters for usage (it needs it to settle cost) but forwards the
 * final usage chunk to the client only when the client asked for it.
 */
export async function* tapUsage(
  stream: AsyncIterable<ChatCompletionChunk>,
  options: { forwardUsageChunk: boolean; onUsage: (usage: Usage) => void },
): AsyncGenerator<ChatCompletionChunk> {
  for await (const chunk of stream) {
    if (chunk.usage) {
      options.onUsage(chunk.usage);
      if (chunk.choices.length === 0 && !options.forwardUsageChunk) continue;
    }
    yield chunk;
  }
}

export function sumUsage(prompt: number, completion: number, cached?: number, reasoning?: number): Usage {
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (cached !== undefined) usage.prompt_tokens_details = { cached_tokens: cached };
  if (reasoning !== undefined) usage.completion_tokens_details = { reasoning_tokens: reasoning };
  return usage;
}
