/* eslint-disable @typescript-eslint/no-explicit-any -- fakes read arbitrary wire JSON, as a real server would */
import type { ServerResponse } from 'node:http';
import { answer, countTokens, type FakeTurn } from './conversation';
import { FakeServer, sendJson, sse, writeFrames, type Behaviour, type FakeContext } from './fake-server';

/**
 * Dialects of the OpenAI wire format. They differ in auth header, where stream usage goes,
 * error bodies, and how strict they are about unknown fields.
 */
export type OpenAIDialect = 'openai' | 'azure' | 'groq' | 'together' | 'mistral' | 'vllm';

export interface OpenAIFakeOptions {
  dialect?: OpenAIDialect;
  apiKey?: string;
}

const MISTRAL_UNKNOWN = ['user', 'stream_options', 'max_completion_tokens', 'seed', 'n'];

type Msg = { role: string; content?: unknown; tool_call_id?: string };

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p?.type === 'text' ? p.text : '')).join('');
  return '';
}

export function openAITurn(body: any): FakeTurn {
  const messages: Msg[] = body?.messages ?? [];
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const last = messages.at(-1);
  const choice = body?.tool_choice;
  return {
    lastUserText: text(lastUser?.content),
    endsWithToolResult: last?.role === 'tool',
    toolResultText: last?.role === 'tool' ? text(last.content) : '',
    tools: (body?.tools ?? []).map((t: any) => ({ name: t.function.name, schema: t.function.parameters })),
    forcedTool: typeof choice === 'object' && choice ? choice.function?.name : undefined,
    toolsDisabled: choice === 'none',
    json: body?.response_format?.type === 'json_object' || body?.response_format?.type === 'json_schema',
    promptText: messages.map((m) => text(m.content)).join(' '),
  };
}

/**
 * OpenAI Chat Completions + Embeddings (`/v1/chat/completions`, `/v1/embeddings`), in the
 * dialects of OpenAI, Azure (deployment URLs, `api-key`, `api-version`), Groq, Together, Mistral
 * and vLLM. Kept cheap: it is also the benchmark's upstream.
 */
export class OpenAIFake extends FakeServer {
  readonly dialect: OpenAIDialect;
  readonly apiKey: string;
  private seq = 0;

  constructor(options: OpenAIFakeOptions = {}) {
    super();
    this.dialect = options.dialect ?? 'openai';
    this.apiKey = options.apiKey ?? 'test-key';
  }

  protected handle({ req, res, behaviour }: FakeContext): void | Promise<void> {
    const authOk =
      this.dialect === 'azure'
        ? req.headers['api-key'] === this.apiKey
        : req.headers.authorization === `Bearer ${this.apiKey}` || (this.dialect === 'vllm' && !this.apiKey);
    if (!authOk) return this.error(res, { kind: 'error', status: 401, flavour: 'auth' });
    if (behaviour.kind === 'error') return this.error(res, behaviour);

    let operation: string | undefined;
    if (this.dialect === 'azure') {
      const m = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/.exec(req.path);
      if (!m) return this.error(res, { kind: 'error', status: 404, flavour: 'not_found' });
      if (!req.query.get('api-version')) return sendJson(res, 400, { error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' } });
      operation = m[2];
    } else {
      operation = /\/v1\/(chat\/completions|embeddings)$/.exec(req.path)?.[1];
    }
    if (!operation) return this.error(res, { kind: 'error', status: 404, flavour: 'not_found' });
    if (this.dialect === 'mistral') {
      const extra = MISTRAL_UNKNOWN.filter((k) => req.body?.[k] !== undefined);
      if (extra.length) {
        return sendJson(res, 422, {
          object: 'error',
          message: { detail: extra.map((k) => ({ type: 'extra_forbidden', loc: ['body', k], msg: 'Extra inputs are not permitted' })) },
          type: 'invalid_request_message_error',
          param: null,
          code: null,
        });
      }
    }
    if (operation === 'embeddings') return this.embeddings(res, req.body);
    return req.body?.stream ? this.stream(res, req.body, behaviour) : this.complete(res, req.body);
  }

  private usage(body: any, completionText: string) {
    const prompt = countTokens(openAITurn(body).promptText);
    const completion = countTokens(completionText);
    return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: 0 } };
  }

  private complete(res: ServerResponse, body: any): void {
    const a = answer(openAITurn(body));
    const message =
      a.kind === 'tool'
        ? { role: 'assistant', content: null, tool_calls: [{ id: a.id, type: 'function', function: { name: a.name, arguments: JSON.stringify(a.args) } }] }
        : { role: 'assistant', content: a.text, refusal: null };
    const completionText = a.kind === 'tool' ? JSON.stringify(a.args) : a.text;
    sendJson(res, 200, {
      id: `chatcmpl-${++this.seq}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: body.model ?? 'azure-deployment',
      choices: [{ index: 0, message, logprobs: null, finish_reason: a.kind === 'tool' ? 'tool_calls' : 'stop' }],
      usage: this.usage(body, completionText),
      system_fingerprint: 'fp_fake',
    });
  }

  private async stream(res: ServerResponse, body: any, behaviour: Behaviour): Promise<void> {
    const id = `chatcmpl-${++this.seq}`;
    const model = body.model ?? 'azure-deployment';
    const base = { id, object: 'chat.completion.chunk', created: 1_700_000_000, model, system_fingerprint: 'fp_fake' };
    const withUsage = body.stream_options?.include_usage === true;
    const usageNull = withUsage ? { usage: null } : {};
    const a = answer(openAITurn(body));
    const frames: string[] = [sse({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], ...usageNull })];
    let completionText: string;
    if (a.kind === 'tool') {
      const args = JSON.stringify(a.args);
      completionText = args;
      frames.push(sse({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: a.id, type: 'function', function: { name: a.name, arguments: '' } }] }, finish_reason: null }], ...usageNull }));
      const mid = Math.ceil(args.length / 2);
      for (const part of [args.slice(0, mid), args.slice(mid)]) {
        frames.push(sse({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: part } }] }, finish_reason: null }], ...usageNull }));
      }
    } else {
      completionText = a.text;
      for (const w of a.words) frames.push(sse({ ...base, choices: [{ index: 0, delta: { content: w }, logprobs: null, finish_reason: null }], ...usageNull }));
    }
    const usage = this.usage(body, completionText);
    const finish = a.kind === 'tool' ? 'tool_calls' : 'stop';
    if (this.dialect === 'mistral' || this.dialect === 'together') {
      frames.push(sse({ ...base, choices: [{ index: 0, delta: { content: '' }, finish_reason: finish }], usage }));
    } else if (this.dialect === 'groq' && !withUsage) {
      frames.push(sse({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }], x_groq: { id: 'req_fake', usage } }));
    } else {
      frames.push(sse({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: finish }], ...usageNull }));
      if (withUsage) frames.push(sse({ ...base, choices: [], usage }));
    }
    frames.push('data: [DONE]\n\n');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const streamError = sse({ error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } });
    await writeFrames(res, frames, behaviour, streamError);
  }

  private embeddings(res: ServerResponse, body: any): void {
    const inputs: string[] = typeof body.input === 'string' ? [body.input] : body.input;
    const dims = body.dimensions ?? 4;
    const vector = (s: string) => Array.from({ length: dims }, (_, i) => ((s.length + i) % 10) / 10);
    const data = inputs.map((s, index) => {
      const v = vector(String(s));
      if (body.encoding_format === 'base64') {
        const buf = Buffer.alloc(v.length * 4);
        v.forEach((x, i) => buf.writeFloatLE(x, i * 4));
        return { object: 'embedding', index, embedding: buf.toString('base64') };
      }
      return { object: 'embedding', index, embedding: v };
    });
    const tokens = inputs.reduce((n, s) => n + countTokens(String(s)), 0);
    sendJson(res, 200, { object: 'list', data, model: body.model ?? 'azure-deployment', usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }

  private error(res: ServerResponse, b: Extract<Behaviour, { kind: 'error' }>): void {
    const headers: Record<string, string> = {};
    if (b.retryAfterSeconds !== undefined) {
      headers['retry-after'] = String(b.retryAfterSeconds);
      if (this.dialect === 'openai' || this.dialect === 'azure') headers['retry-after-ms'] = String(b.retryAfterSeconds * 1000);
    }
    const flavour = b.flavour ?? (b.status === 429 ? 'rate_limit' : b.status >= 500 ? 'server' : b.status === 401 ? 'auth' : 'bad_request');
    const table: Record<string, { type: string; code: string | null; message: string }> = {
      rate_limit: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again in 2s.' },
      overloaded: { type: 'server_error', code: null, message: 'The server is overloaded. Please try again later.' },
      server: { type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' },
      auth: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided. You can find your API key at the dashboard.' },
      not_found: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' },
      context_length: {
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
        message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages.",
      },
      content_filter: { type: 'invalid_request_error', code: 'content_filter', message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy." },
      bad_request: { type: 'invalid_request_error', code: null, message: "Invalid value for 'temperature': must be between 0 and 2." },
    };
    const e = table[flavour];
    if (this.dialect === 'mistral') {
      sendJson(res, b.status, { object: 'error', message: e.message, type: e.type, param: null, code: e.code }, headers);
    } else if (this.dialect === 'azure') {
      sendJson(res, b.status, { error: { code: e.code ?? String(b.status), message: e.message, param: null, type: null } }, headers);
    } else {
      sendJson(res, b.status, { error: { message: e.message, type: e.type, param: null, code: e.code } }, headers);
    }
  }
}
