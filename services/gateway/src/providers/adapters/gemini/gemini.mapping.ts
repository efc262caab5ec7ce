import type { ChatCompletionRequest, ChatMessage, ContentPart, ToolCall } from '../../canonical/chat.schema';
import type { ChatCompletion, ChatCompletionChunk, FinishReason, Usage } from '../../canonical/chat.types';
import { contentText, maxOutputTokens, newId, parseDataUrl, parseToolArguments, stopList } from '../../canonical/text';
import type { GeminiCandidate, GeminiContent, GeminiPart, GeminiRequest, GeminiResponse, GeminiUsageMetadata } from './gemini.wire';

/** Keywords of JSON Schema that Gemini's OpenAPI-subset `Schema` rejects. */
const UNSUPPORTED_SCHEMA_KEYS = new Set(['additionalProperties', '$schema', '$id', 'strict', 'examples', 'default', '$comment']);

export function toGeminiSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toGeminiSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (UNSUPPORTED_SCHEMA_KEYS.has(k)) continue;
    out[k] = k === 'properties' && v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).map(([name, s]) => [name, toGeminiSchema(s)]))
      : toGeminiSchema(v);
  }
  return out;
}

const MIME_BY_EXT: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf' };

function partsFrom(content: string | ContentPart[]): GeminiPart[] {
  if (typeof content === 'string') return content ? [{ text: content }] : [];
  return content.map((p): GeminiPart => {
    if (p.type === 'text') return { text: p.text };
    const data = parseDataUrl(p.image_url.url);
    if (data) return { inlineData: { mimeType: data.mediaType, data: data.data } };
    const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(p.image_url.url)?.[1]?.toLowerCase() ?? '';
    return { fileData: { mimeType: MIME_BY_EXT[ext] ?? 'image/jpeg', fileUri: p.image_url.url } };
  });
}

function push(out: GeminiContent[], role: 'user' | 'model', parts: GeminiPart[]): void {
  if (!parts.length) return;
  const prev = out.at(-1);
  if (prev && prev.role === role) prev.parts.push(...parts);
  else out.push({ role, parts });
}

/** A tool result's content as the object Gemini wants: parsed JSON when it is an object, else `{ content }`. */
function functionResponseBody(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // plain text
  }
  return { content: text };
}

export function toGeminiContents(messages: ChatMessage[]): Pick<GeminiRequest, 'contents' | 'systemInstruction'> {
  const system: string[] = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();
  for (const m of messages) {
    switch (m.role) {
      case 'system':
      case 'developer':
        system.push(contentText(m.content));
        break;
      case 'user':
        push(contents, 'user', partsFrom(m.content));
        break;
      case 'assistant': {
        const parts = m.content ? partsFrom(m.content) : [];
        for (const call of m.tool_calls ?? []) {
          toolNames.set(call.id, call.function.name);
          parts.push({ functionCall: { name: call.function.name, args: parseToolArguments(call.function.arguments) } });
        }
        push(contents, 'model', parts);
        break;
      }
      case 'tool':
        push(contents, 'user', [
          { functionResponse: { name: toolNames.get(m.tool_call_id) ?? m.tool_call_id, response: functionResponseBody(contentText(m.content)) } },
        ]);
        break;
    }
  }
  return { contents, ...(system.length ? { systemInstruction: { parts: [{ text: system.join('\n\n') }] } } : {}) };
}

export function toGeminiRequest(req: ChatCompletionRequest): GeminiRequest {
  const out: GeminiRequest = toGeminiContents(req.messages);
  if (req.tools?.length) {
    out.tools = [
      {
        functionDeclarations: req.tools.map((t) => ({
          name: t.function.name,
          ...(t.function.description ? { description: t.function.description } : {}),
          ...(t.function.parameters && Object.keys((t.function.parameters.properties as object) ?? {}).length
            ? { parameters: toGeminiSchema(t.function.parameters) as Record<string, unknown> }
            : {}),
        })),
      },
    ];
    const choice = req.tool_choice;
    if (choice === 'none') out.toolConfig = { functionCallingConfig: { mode: 'NONE' } };
    else if (choice === 'required') out.toolConfig = { functionCallingConfig: { mode: 'ANY' } };
    else if (choice && typeof choice === 'object') out.toolConfig = { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
  }
  const g: NonNullable<GeminiRequest['generationConfig']> = {};
  if (req.temperature != null) g.temperature = req.temperature;
  if (req.top_p != null) g.topP = req.top_p;
  const max = maxOutputTokens(req);
  if (max) g.maxOutputTokens = max;
  const stop = stopList(req.stop);
  if (stop) g.stopSequences = stop;
  if (req.seed != null) g.seed = req.seed;
  if (req.presence_penalty != null) g.presencePenalty = req.presence_penalty;
  if (req.frequency_penalty != null) g.frequencyPenalty = req.frequency_penalty;
  const rf = req.response_format;
  if (rf?.type === 'json_object' || rf?.type === 'json_schema') g.responseMimeType = 'application/json';
  if (rf?.type === 'json_schema' && rf.json_schema.schema) g.responseSchema = toGeminiSchema(rf.json_schema.schema) as Record<string, unknown>;
  if (Object.keys(g).length) out.generationConfig = g;
  return out;
}

export function finishFromGemini(reason: string | undefined, hasToolCalls: boolean): FinishReason | null {
  if (!reason) return null;
  if (hasToolCalls) return 'tool_calls';
  switch (reason) {
    case 'STOP':
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
      return 'content_filter';
    default:
      return 'stop';
  }
}

export function usageFromGemini(u: GeminiUsageMetadata | undefined): Usage {
  const prompt = (u?.promptTokenCount ?? 0) + (u?.toolUsePromptTokenCount ?? 0);
  const thoughts = u?.thoughtsTokenCount ?? 0;
  const completion = (u?.candidatesTokenCount ?? 0) + thoughts;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: u?.cachedContentTokenCount ?? 0 },
    completion_tokens_details: { reasoning_tokens: thoughts },
  };
}

function toolCallFrom(part: Extract<GeminiPart, { functionCall: unknown }>): ToolCall {
  return {
    id: part.functionCall.id ?? newId('call_'),
    type: 'function',
    function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) },
  };
}

function splitParts(candidate: GeminiCandidate | undefined): { text: string; calls: ToolCall[] } {
  let text = '';
  const calls: ToolCall[] = [];
  for (const part of candidate?.content?.parts ?? []) {
    if ('text' in part && !part.thought) text += part.text;
    else if ('functionCall' in part) calls.push(toolCallFrom(part));
  }
  return { text, calls };
}

export function fromGeminiResponse(res: GeminiResponse, model: string, created: number): ChatCompletion {
  const candidate = res.candidates?.[0];
  const { text, calls } = splitParts(candidate);
  const finish = res.promptFeedback?.blockReason ? 'content_filter' : (finishFromGemini(candidate?.finishReason ?? 'STOP', calls.length > 0) ?? 'stop');
  return {
    id: res.responseId ?? newId('chatcmpl-'),
    object: 'chat.completion',
    created,
    model: res.modelVersion ?? model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || (calls.length ? null : ''), ...(calls.length ? { tool_calls: calls } : {}) },
        finish_reason: finish,
        logprobs: null,
      },
    ],
    usage: usageFromGemini(res.usageMetadata),
  };
}

/** Gemini streams whole candidates-so-far deltas; function calls arrive complete in one part. */
export class GeminiToCanonicalStream {
  private readonly id = newId('chatcmpl-');
  private started = false;
  private toolCount = 0;
  private usage?: GeminiUsageMetadata;
  finished = false;

  constructor(
    private model: string,
    private readonly created: number,
  ) {}

  private chunk(delta: ChatCompletionChunk['choices'][0]['delta'], finish: FinishReason | null = null): ChatCompletionChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta, finish_reason: finish }] };
  }

  push(res: GeminiResponse): ChatCompletionChunk[] {
    if (res.modelVersion) this.model = res.modelVersion;
    if (res.usageMetadata) this.usage = res.usageMetadata;
    const out: ChatCompletionChunk[] = [];
    if (!this.started) {
      this.started = true;
      out.push(this.chunk({ role: 'assistant', content: '' }));
    }
    if (res.promptFeedback?.blockReason) {
      this.finished = true;
      out.push(this.chunk({}, 'content_filter'));
      return out;
    }
    const candidate = res.candidates?.[0];
    const { text, calls } = splitParts(candidate);
    if (text) out.push(this.chunk({ content: text }));
    if (calls.length) {
      out.push(
        this.chunk({
          tool_calls: calls.map((c) => ({ index: this.toolCount++, id: c.id, type: 'function' as const, function: { name: c.function.name, arguments: c.function.arguments } })),
        }),
      );
    }
    const finish = finishFromGemini(candidate?.finishReason, this.toolCount > 0);
    if (finish) {
      this.finished = true;
      out.push(this.chunk({}, finish));
    }
    return out;
  }

  usageChunk(): ChatCompletionChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage: usageFromGemini(this.usage) };
  }
}
