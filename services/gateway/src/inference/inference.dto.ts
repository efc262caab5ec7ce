import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { AnthropicMessagesRequestSchema, ChatCompletionRequestSchema, EmbeddingsRequestSchema } from '../providers';

/*
 * OpenAPI documentation of the inference routes. Request bodies are validated by the use cases
 * (the canonical schemas of the provider layer), so these DTOs only describe the wire format.
 */

export class ChatCompletionRequestDto extends createZodDto(ChatCompletionRequestSchema) {}
export class EmbeddingsRequestDto extends createZodDto(EmbeddingsRequestSchema) {}
export class AnthropicMessagesRequestDto extends createZodDto(AnthropicMessagesRequestSchema) {}

const usage = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
  prompt_tokens_details: z.object({ cached_tokens: z.number().int().optional() }).optional(),
  completion_tokens_details: z.object({ reasoning_tokens: z.number().int().optional() }).optional(),
});
const toolCall = z.object({ id: z.string(), type: z.literal('function'), function: z.object({ name: z.string(), arguments: z.string() }) });
const finishReason = z.enum(['stop', 'length', 'tool_calls', 'content_filter']);

export class ChatCompletionDto extends createZodDto(
  z
    .object({
      id: z.string(),
      object: z.literal('chat.completion'),
      created: z.number().int(),
      model: z.string().describe('The model name the client asked for'),
      choices: z.array(
        z.object({
          index: z.number().int(),
          message: z.object({ role: z.literal('assistant'), content: z.string().nullable(), tool_calls: z.array(toolCall).optional(), refusal: z.string().nullable().optional() }),
          finish_reason: finishReason,
          logprobs: z.null(),
        }),
      ),
      usage,
      system_fingerprint: z.string().nullable().optional(),
    })
    .describe('A chat completion; with `stream: true` the answer is `text/event-stream` of `chat.completion.chunk` objects ending with `data: [DONE]`'),
) {}

export class EmbeddingsResponseDto extends createZodDto(
  z.object({
    object: z.literal('list'),
    data: z.array(z.object({ object: z.literal('embedding'), index: z.number().int(), embedding: z.union([z.array(z.number()), z.string()]) })),
    model: z.string(),
    usage: z.object({ prompt_tokens: z.number().int(), total_tokens: z.number().int() }),
  }),
) {}

const modelObject = z.object({
  id: z.string(),
  object: z.literal('model'),
  created: z.number().int(),
  owned_by: z.string().describe('Provider of the primary deployment'),
  type: z.enum(['chat', 'embeddings']),
  alias_of: z.string().optional().describe('For an alias: the model it stands for'),
  description: z.string().optional(),
});
export class ModelDto extends createZodDto(modelObject) {}
export class ModelListDto extends createZodDto(z.object({ object: z.literal('list'), data: z.array(modelObject) })) {}

export class AnthropicMessageDto extends createZodDto(
  z
    .object({
      id: z.string(),
      type: z.literal('message'),
      role: z.literal('assistant'),
      model: z.string(),
      content: z.array(z.record(z.string(), z.unknown())),
      stop_reason: z.enum(['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'refusal']).nullable(),
      stop_sequence: z.string().nullable(),
      usage: z.object({ input_tokens: z.number().int(), output_tokens: z.number().int(), cache_creation_input_tokens: z.number().int().optional(), cache_read_input_tokens: z.number().int().optional() }),
    })
    .describe('An Anthropic message; with `stream: true` the answer is Anthropic `text/event-stream` events'),
) {}

const openAIError = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      properties: {
        message: { type: 'string' },
        type: { type: 'string', example: 'permission_error' },
        param: { type: 'string', nullable: true, example: 'model' },
        code: { type: 'string', example: 'model_not_allowed' },
      },
    },
  },
};

const anthropicError = {
  type: 'object',
  required: ['type', 'error'],
  properties: { type: { type: 'string', example: 'error' }, error: { type: 'object', properties: { type: { type: 'string', example: 'permission_error' }, message: { type: 'string' } } } },
};

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid body (the message and `param` name the field), unknown model kind, or blocked by guardrails',
  401: 'Missing, unknown, revoked or expired key',
  403: 'The model is not allowed for this key (the message names the layer: org, team, project or key), or an admin key was used',
  404: 'No such model',
  413: 'Body larger than HTTP_BODY_LIMIT_BYTES',
  429: 'Rate limit, budget, or an upstream rate limit; `retry-after` says when to retry',
  500: 'Unexpected failure (the message holds an error id that is in the log)',
  502: 'The upstream failed',
  503: 'The upstream is overloaded, every deployment is paused by its circuit breaker, or guardrails/budget did not answer (fail closed)',
  504: 'The upstream did not answer in time',
};

const STATUSES = [400, 401, 403, 404, 413, 429, 500, 502, 503, 504];

/** Documents the OpenAI error body for the inference routes. */
export const ApiOpenAIErrors = () =>
  applyDecorators(...STATUSES.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], schema: openAIError })));

/** Documents the Anthropic error body for `/v1/messages` (an upstream overload is 529). */
export const ApiAnthropicErrors = () =>
  applyDecorators(...[...STATUSES, 529].map((status) => ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Upstream overloaded', schema: anthropicError })));
