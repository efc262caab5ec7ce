import { z } from 'zod';

/**
 * The canonical request is the OpenAI Chat Completions wire format. Unknown top-level fields are
 * kept (OpenAI-compatible upstreams receive them untouched); translating adapters ignore them.
 */

const TextPart = z.object({ type: z.literal('text'), text: z.string() });
const ImagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({
    url: z.string().min(1),
    detail: z.enum(['auto', 'low', 'high']).optional(),
  }),
});
export const ContentPartSchema = z.discriminatedUnion('type', [TextPart, ImagePart]);

const TextOnlyContent = z.union([z.string(), z.array(TextPart)]);
const UserContent = z.union([z.string(), z.array(ContentPartSchema).min(1)]);

export const ToolCallSchema = z.object({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

const SystemMessage = z.object({ role: z.literal('system'), content: TextOnlyContent, name: z.string().optional() });
const DeveloperMessage = z.object({ role: z.literal('developer'), content: TextOnlyContent, name: z.string().optional() });
const UserMessage = z.object({ role: z.literal('user'), content: UserContent, name: z.string().optional() });
const AssistantMessage = z
  .object({
    role: z.literal('assistant'),
    content: TextOnlyContent.nullable().optional(),
    name: z.string().optional(),
    tool_calls: z.array(ToolCallSchema).optional(),
    refusal: z.string().nullable().optional(),
  })
  .refine((m) => (m.content !== undefined && m.content !== null) || (m.tool_calls?.length ?? 0) > 0, {
    message: 'an assistant message needs content or tool_calls',
    path: ['content'],
  });
const ToolMessage = z.object({
  role: z.literal('tool'),
  content: TextOnlyContent,
  tool_call_id: z.string().min(1),
});

export const ChatMessageSchema = z.discriminatedUnion('role', [
  SystemMessage,
  DeveloperMessage,
  UserMessage,
  AssistantMessage,
  ToolMessage,
]);

const JsonSchemaObject = z.record(z.string(), z.unknown());

export const ToolSchema = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, _ or -'),
    description: z.string().optional(),
    parameters: JsonSchemaObject.optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

export const ToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }) }),
]);

export const ResponseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().min(1),
      description: z.string().optional(),
      schema: JsonSchemaObject.optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);

export const ChatCompletionRequestSchema = z
  .looseObject({
    model: z.string().min(1),
    messages: z.array(ChatMessageSchema).min(1),
    tools: z.array(ToolSchema).optional(),
    tool_choice: ToolChoiceSchema.optional(),
    parallel_tool_calls: z.boolean().optional(),
    response_format: ResponseFormatSchema.optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    max_tokens: z.number().int().positive().nullable().optional(),
    max_completion_tokens: z.number().int().positive().nullable().optional(),
    stop: z.union([z.string(), z.array(z.string()).max(4)]).nullable().optional(),
    seed: z.number().int().nullable().optional(),
    n: z.literal(1, { error: 'only n=1 is supported' }).nullable().optional(),
    presence_penalty: z.number().min(-2).max(2).nullable().optional(),
    frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
    stream: z.boolean().nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
    user: z.string().optional(),
  })
  .refine((r) => !r.stream_options || r.stream === true, {
    message: 'stream_options is only allowed when stream is true',
    path: ['stream_options'],
  });

export type ContentPart = z.infer<typeof ContentPartSchema>;
export type ToolCall = z.infer<typeof ToolCallSchema>;
export type ChatMessage = z.infer<typeof ChatMessageSchema>;
export type Tool = z.infer<typeof ToolSchema>;
export type ToolChoice = z.infer<typeof ToolChoiceSchema>;
export type ResponseFormat = z.infer<typeof ResponseFormatSchema>;
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;
