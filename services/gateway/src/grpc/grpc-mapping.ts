import { Metadata, status } from '@grpc/grpc-js';
import type { ModelObject } from '../hot-path/list-models.usecase';
import { openAIErrorReply } from '../inference/error-replies';
import type { ChatCompletion, ChatCompletionChunk, EmbeddingsResponse, Usage } from '../providers';

/* The wire shapes of libs/contracts/src/proto/gateway.proto (proto-loader with keepCase). */

export interface ProtoToolCall {
  id?: string;
  name?: string;
  arguments?: string;
}
export interface ProtoChatMessage {
  role?: string;
  content?: string;
  name?: string;
  tool_call_id?: string;
  tool_calls?: ProtoToolCall[];
}
export interface ProtoChatRequest {
  model?: string;
  messages?: ProtoChatMessage[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string[];
  tools?: { name?: string; description?: string; parameters_json?: string }[];
  tool_choice?: string;
  response_format?: string;
  seed?: number;
  user?: string;
}
export interface ProtoEmbeddingsRequest {
  model?: string;
  input?: string[];
  dimensions?: number;
  user?: string;
}

const parseJson = (text: string | undefined, field: string): unknown => {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // left as text: the request's validation names the field
    return `${field} is not JSON`;
  }
};

/**
 * A proto chat request as the canonical (OpenAI wire format) body the use case validates: absent
 * proto3 fields are left out, so validation reports what is really missing or wrong.
 */
export function chatBodyFromProto(req: ProtoChatRequest, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: req.model ?? '',
    messages: (req.messages ?? []).map((m) => {
      const out: Record<string, unknown> = { role: m.role ?? '' };
      if (m.content || m.role !== 'assistant' || !m.tool_calls?.length) out.content = m.content ?? '';
      if (m.name) out.name = m.name;
      if (m.tool_call_id) out.tool_call_id = m.tool_call_id;
      if (m.tool_calls?.length) out.tool_calls = m.tool_calls.map((c) => ({ id: c.id ?? '', type: 'function', function: { name: c.name ?? '', arguments: c.arguments ?? '' } }));
      return out;
    }),
  };
  if (req.temperature !== undefined && req.temperature !== null) body.temperature = req.temperature;
  if (req.top_p !== undefined && req.top_p !== null) body.top_p = req.top_p;
  if (req.max_tokens !== undefined && req.max_tokens !== null) body.max_tokens = req.max_tokens;
  if (req.stop?.length) body.stop = req.stop;
  if (req.seed !== undefined && req.seed !== null) body.seed = Number(req.seed);
  if (req.user) body.user = req.user;
  if (req.tools?.length) {
    body.tools = req.tools.map((t) => ({
      type: 'function',
      function: { name: t.name ?? '', ...(t.description ? { description: t.description } : {}), ...(t.parameters_json ? { parameters: parseJson(t.parameters_json, 'parameters_json') } : {}) },
    }));
  }
  if (req.tool_choice) body.tool_choice = ['auto', 'none', 'required'].includes(req.tool_choice) ? req.tool_choice : { type: 'function', function: { name: req.tool_choice } };
  if (req.response_format) body.response_format = { type: req.response_format };
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

export function embeddingsBodyFromProto(req: ProtoEmbeddingsRequest): Record<string, unknown> {
  const input = req.input ?? [];
  return { model: req.model ?? '', input: input.length === 1 ? input[0] : input, ...(req.dimensions ? { dimensions: req.dimensions } : {}), ...(req.user ? { user: req.user } : {}) };
}

const protoUsage = (u: Usage | null | undefined) =>
  u ? { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens, total_tokens: u.total_tokens, cached_tokens: u.prompt_tokens_details?.cached_tokens ?? 0 } : undefined;

export function completionToProto(c: ChatCompletion, requestId: string) {
  const choice = c.choices[0];
  return {
    id: c.id,
    model: c.model,
    created: c.created,
    message: {
      role: 'assistant',
      content: choice?.message.content ?? '',
      tool_calls: (choice?.message.tool_calls ?? []).map((t) => ({ id: t.id, name: t.function.name, arguments: t.function.arguments })),
    },
    finish_reason: choice?.finish_reason ?? '',
    usage: protoUsage(c.usage),
    request_id: requestId,
  };
}

export function chunkToProto(c: ChatCompletionChunk, requestId: string) {
  const choice = c.choices[0];
  return {
    id: c.id,
    model: c.model,
    content: choice?.delta.content ?? '',
    tool_calls: (choice?.delta.tool_calls ?? []).map((t) => ({ index: t.index, id: t.id ?? '', name: t.function.name ?? '', arguments: t.function.arguments ?? '' })),
    finish_reason: choice?.finish_reason ?? '',
    ...(c.usage ? { usage: protoUsage(c.usage) } : {}),
    request_id: requestId,
  };
}

export function embeddingsToProto(r: EmbeddingsResponse, requestId: string) {
  return {
    model: r.model,
    data: r.data.map((e) => ({ index: e.index, values: typeof e.embedding === 'string' ? [] : e.embedding })),
    usage: { prompt_tokens: r.usage.prompt_tokens, completion_tokens: 0, total_tokens: r.usage.total_tokens, cached_tokens: 0 },
    request_id: requestId,
  };
}

export function modelToProto(m: ModelObject) {
  return { id: m.id, type: m.type, owned_by: m.owned_by, alias_of: m.alias_of ?? '', description: m.description ?? '' };
}

/** HTTP status → gRPC status, shared by both gRPC services. */
export const GRPC_STATUS: Record<number, status> = {
  400: status.INVALID_ARGUMENT,
  401: status.UNAUTHENTICATED,
  403: status.PERMISSION_DENIED,
  404: status.NOT_FOUND,
  409: status.FAILED_PRECONDITION,
  413: status.RESOURCE_EXHAUSTED,
  429: status.RESOURCE_EXHAUSTED,
  499: status.CANCELLED,
  500: status.INTERNAL,
  502: status.UNAVAILABLE,
  503: status.UNAVAILABLE,
  504: status.DEADLINE_EXCEEDED,
  529: status.UNAVAILABLE,
};

export interface GrpcError {
  code: status;
  details: string;
  metadata: Metadata;
}

/** Any failure as a gRPC status: the same codes and messages as REST, the gateway's code in `ironcage-error-code`. */
export function toGrpcError(err: unknown, requestId?: string): GrpcError {
  const reply = openAIErrorReply(err);
  const metadata = new Metadata();
  metadata.set('ironcage-error-code', String(reply.body.error.code ?? 'internal'));
  if (reply.headers['retry-after']) metadata.set('retry-after', reply.headers['retry-after']);
  if (requestId) metadata.set('ironcage-request-id', requestId);
  return { code: GRPC_STATUS[reply.status] ?? (reply.status >= 500 ? status.INTERNAL : status.UNKNOWN), details: reply.body.error.message, metadata };
}
