/* eslint-disable @typescript-eslint/no-explicit-any -- fakes read arbitrary wire JSON, as a real server would */
import type { ServerResponse } from 'node:http';
import { answer, countTokens, type FakeTurn } from './conversation';
import { FakeServer, sendJson, sse, writeFrames, type Behaviour, type FakeContext } from './fake-server';

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p: any) => p.text ?? p.document?.data ?? '').join('');
  return '';
}

export function cohereTurn(body: any): FakeTurn {
  const messages: any[] = body?.messages ?? [];
  const last = messages.at(-1);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  return {
    lastUserText: text(lastUser?.content),
    endsWithToolResult: last?.role === 'tool',
    toolResultText: last?.role === 'tool' ? text(last.content) : '',
    tools: (body?.tools ?? []).map((t: any) => ({ name: t.function.name, schema: t.function.parameters })),
    forcedTool: undefined,
    toolsDisabled: body?.tool_choice === 'NONE',
    json: body?.response_format?.type === 'json_object',
    promptText: messages.map((m) => text(m.content)).join(' '),
  };
}

/** Cohere v2: `/v2/chat` (SSE events `message-start` … `message-end`) and `/v2/embed`; errors are `{message}`. */
export class CohereFake extends FakeServer {
  private seq = 0;

  constructor(readonly apiKey = 'test-key') {
    super();
  }

  protected async handle({ req, res, behaviour }: FakeContext): Promise<void> {
    if (req.path !== '/v2/chat' && req.path !== '/v2/embed') return this.error(res, { kind: 'error', status: 404, flavour: 'not_found' });
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) return this.error(res, { kind: 'error', status: 401, flavour: 'auth' });
    if (behaviour.kind === 'error') return this.error(res, behaviour);
    if (req.path === '/v2/embed') return this.embed(res, req.body);
    const body = req.body;
    const turn = cohereTurn(body);
    const a = answer(turn);
    const id = `cohere-${++this.seq}`;
    const input = countTokens(turn.promptText);
    const output = countTokens(a.kind === 'tool' ? JSON.stringify(a.args) : a.text);
    const usage = { billed_units: { input_tokens: input, output_tokens: output }, tokens: { input_tokens: input + 10, output_tokens: output } };
    const finish = a.kind === 'tool' ? 'TOOL_CALL' : 'COMPLETE';
    const toolCall = a.kind === 'tool' ? { id: a.id, type: 'function', function: { name: a.name, arguments: JSON.stringify(a.args) } } : undefined;
    if (!body.stream) {
      const message =
        a.kind === 'tool'
          ? { role: 'assistant', tool_plan: `I will call ${a.name}.`, tool_calls: [toolCall] }
          : { role: 'assistant', content: [{ type: 'text', text: a.text }] };
      return sendJson(res, 200, { id, finish_reason: finish, message, usage });
    }
    const ev = (type: string, rest: Record<string, unknown>) => sse({ type, ...rest }, type);
    const frames: string[] = [ev('message-start', { id, delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } })];
    if (a.kind === 'tool') {
      frames.push(ev('tool-plan-delta', { delta: { message: { tool_plan: `I will call ${a.name}.` } } }));
      frames.push(ev('tool-call-start', { index: 0, delta: { message: { tool_calls: { id: a.id, type: 'function', function: { name: a.name, arguments: '' } } } } }));
      const json = JSON.stringify(a.args);
      const mid = Math.ceil(json.length / 2);
      for (const part of [json.slice(0, mid), json.slice(mid)]) frames.push(ev('tool-call-delta', { index: 0, delta: { message: { tool_calls: { function: { arguments: part } } } } }));
      frames.push(ev('tool-call-end', { index: 0 }));
    } else {
      frames.push(ev('content-start', { index: 0, delta: { message: { content: { type: 'text', text: '' } } } }));
      for (const w of a.words) frames.push(ev('content-delta', { index: 0, delta: { message: { content: { text: w } } } }));
      frames.push(ev('content-end', { index: 0 }));
    }
    frames.push(ev('message-end', { delta: { finish_reason: finish, usage } }));
    frames.push('data: [DONE]\n\n');
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    await writeFrames(res, frames, behaviour);
  }

  private embed(res: ServerResponse, body: any): void {
    if (!body.input_type || !Array.isArray(body.embedding_types)) return sendJson(res, 400, { id: 'e', message: 'invalid request: input_type and embedding_types are required' });
    const texts: string[] = body.texts ?? [];
    const dims = body.output_dimension ?? 4;
    const float = texts.map((t) => Array.from({ length: dims }, (_, i) => ((t.length + i) % 10) / 10));
    const tokens = texts.reduce((n, t) => n + countTokens(t), 0);
    sendJson(res, 200, { id: 'embed-1', embeddings: { float }, texts, meta: { api_version: { version: '2' }, billed_units: { input_tokens: tokens } }, response_type: 'embeddings_by_type' });
  }

  private error(res: ServerResponse, b: Extract<Behaviour, { kind: 'error' }>): void {
    const flavour = b.flavour ?? (b.status === 429 ? 'rate_limit' : b.status >= 500 ? 'server' : 'bad_request');
    const messages: Record<string, string> = {
      rate_limit: "You are using a Trial key, which is limited to 10 API calls / minute. You can continue to use the Trial key for free or upgrade to a Production key with higher rate limits at 'https://dashboard.cohere.com/api-keys'.",
      overloaded: 'The service is temporarily unavailable.',
      server: 'internal server error, this has been reported to our developers',
      auth: 'invalid api token',
      not_found: 'model not found, make sure the correct model ID was used and that you have access to the model.',
      context_length: 'too many tokens: total number of tokens in the prompt cannot exceed 128000 - received 130412. Try using a shorter prompt or a smaller max_tokens value.',
      bad_request: 'invalid request: temperature must be between 0 and 1',
      content_filter: 'blocked output: please adjust your prompt and try again',
    };
    const headers: Record<string, string> = {};
    if (b.retryAfterSeconds !== undefined) headers['retry-after'] = String(b.retryAfterSeconds);
    sendJson(res, b.status, { id: 'err-1', message: messages[flavour] }, headers);
  }
}
