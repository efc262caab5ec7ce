/* eslint-disable @typescript-eslint/no-explicit-any -- fakes read arbitrary wire JSON, as a real server would */
import type { ServerResponse } from 'node:http';
import { answer, countTokens, type FakeTurn } from './conversation';
import { FakeServer, sendJson, sse, writeFrames, type Behaviour, type FakeContext } from './fake-server';

function blocksText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((b: any) => (b.type === 'text' ? b.text : b.type === 'tool_result' ? blocksText(b.content) : '')).join('');
}

export function anthropicTurn(body: any): FakeTurn {
  const messages: any[] = body?.messages ?? [];
  const last = messages.at(-1);
  const lastBlocks: any[] = Array.isArray(last?.content) ? last.content : [];
  const toolResult = lastBlocks.find((b) => b.type === 'tool_result');
  const lastUser = [...messages].reverse().find((m) => m.role === 'user' && !(Array.isArray(m.content) && m.content.some((b: any) => b.type === 'tool_result')));
  const choice = body?.tool_choice;
  const system = typeof body?.system === 'string' ? body.system : blocksText(body?.system);
  return {
    lastUserText: blocksText(lastUser?.content),
    endsWithToolResult: Boolean(toolResult),
    toolResultText: toolResult ? blocksText(toolResult.content) : '',
    tools: (body?.tools ?? []).map((t: any) => ({ name: t.name, schema: t.input_schema })),
    forcedTool: choice?.type === 'tool' ? choice.name : undefined,
    toolsDisabled: choice?.type === 'none',
    json: /valid JSON/.test(system ?? ''),
    promptText: [system, ...messages.map((m) => blocksText(m.content))].join(' '),
  };
}

/** Anthropic Messages API: `POST /v1/messages`, `x-api-key`, SSE with named events, 529 overloaded. */
export class AnthropicFake extends FakeServer {
  private seq = 0;

  constructor(readonly apiKey = 'test-key') {
    super();
  }

  protected async handle({ req, res, behaviour }: FakeContext): Promise<void> {
    if (req.path !== '/v1/messages') return this.error(res, { kind: 'error', status: 404, flavour: 'not_found' });
    if (req.headers['x-api-key'] !== this.apiKey) return this.error(res, { kind: 'error', status: 401, flavour: 'auth' });
    if (!req.headers['anthropic-version']) return this.error(res, { kind: 'error', status: 400, flavour: 'bad_request' });
    if (behaviour.kind === 'error') return this.error(res, behaviour);
    const body = req.body;
    if (typeof body?.max_tokens !== 'number') {
      return sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
    }
    const turn = anthropicTurn(body);
    const a = answer(turn, 'toolu_');
    const input = countTokens(turn.promptText);
    const id = `msg_fake${++this.seq}`;
    const content =
      a.kind === 'tool' ? [{ type: 'tool_use', id: a.id, name: a.name, input: a.args }] : [{ type: 'text', text: a.text }];
    const output = countTokens(a.kind === 'tool' ? JSON.stringify(a.args) : a.text);
    const stopReason = a.kind === 'tool' ? 'tool_use' : 'end_turn';
    const usage = { input_tokens: input - 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 1, output_tokens: output };
    if (!body.stream) {
      return sendJson(res, 200, { id, type: 'message', role: 'assistant', model: body.model, content, stop_reason: stopReason, stop_sequence: null, usage });
    }
    const frames: string[] = [
      sse({ type: 'message_start', message: { id, type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } }, 'message_start'),
    ];
    if (a.kind === 'tool') {
      frames.push(sse({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: a.id, name: a.name, input: {} } }, 'content_block_start'));
      frames.push(sse({ type: 'ping' }, 'ping'));
      const json = JSON.stringify(a.args);
      const mid = Math.ceil(json.length / 2);
      for (const part of ['', json.slice(0, mid), json.slice(mid)]) {
        frames.push(sse({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: part } }, 'content_block_delta'));
      }
    } else {
      frames.push(sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'));
      frames.push(sse({ type: 'ping' }, 'ping'));
      for (const w of a.words) frames.push(sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: w } }, 'content_block_delta'));
    }
    frames.push(sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'));
    frames.push(sse({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: output } }, 'message_delta'));
    frames.push(sse({ type: 'message_stop' }, 'message_stop'));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_${this.seq}` });
    await writeFrames(res, frames, behaviour, sse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'error'));
  }

  private error(res: ServerResponse, b: Extract<Behaviour, { kind: 'error' }>): void {
    const flavour = b.flavour ?? (b.status === 429 ? 'rate_limit' : b.status === 529 ? 'overloaded' : b.status >= 500 ? 'server' : 'bad_request');
    const table: Record<string, [string, string]> = {
      rate_limit: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'],
      overloaded: ['overloaded_error', 'Overloaded'],
      server: ['api_error', 'Internal server error'],
      auth: ['authentication_error', 'invalid x-api-key'],
      not_found: ['not_found_error', 'Not found'],
      context_length: ['invalid_request_error', 'prompt is too long: 215000 tokens > 200000 maximum'],
      bad_request: ['invalid_request_error', 'temperature: range: 0..1'],
      content_filter: ['invalid_request_error', 'Output blocked by content filtering policy'],
    };
    const [type, message] = table[flavour];
    const headers: Record<string, string> = { 'request-id': 'req_err' };
    if (b.retryAfterSeconds !== undefined) headers['retry-after'] = String(b.retryAfterSeconds);
    sendJson(res, b.status, { type: 'error', error: { type, message }, request_id: 'req_err' }, headers);
  }
}
