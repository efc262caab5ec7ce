import type { ToolCall } from './chat.schema';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
}

export interface AssistantResponseMessage {
  role: 'assistant';
  content: string | null;
  tool_calls?: ToolCall[];
  refusal?: string | null;
}

export interface ChatCompletionChoice {
  index: number;
  message: AssistantResponseMessage;
  finish_reason: FinishReason;
  logprobs: null;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  /** The model the upstream reports having used; the controller may replace it with the client's alias. */
  model: string;
  choices: ChatCompletionChoice[];
  usage: Usage;
  system_fingerprint?: string | null;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments?: string };
}

export interface ChunkDelta {
  role?: 'assistant';
  content?: string | null;
  tool_calls?: ToolCallDelta[];
  refusal?: string | null;
}

export interface ChatCompletionChunkChoice {
  index: number;
  delta: ChunkDelta;
  finish_reason: FinishReason | null;
  logprobs?: null;
}

/**
 * One streamed chunk. The final usage chunk (only when `stream_options.include_usage` was set)
 * has `choices: []` and `usage` filled, exactly as OpenAI sends it.
 */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatCompletionChunkChoice[];
  usage?: Usage | null;
  system_fingerprint?: string | null;
}
