/* eslint-disable @typescript-eslint/no-explicit-any -- fakes read arbitrary wire JSON, as a real server would */
import type { ServerResponse } from 'node:http';
import { answer, countTokens, type FakeTurn } from './conversation';
import { FakeServer, sendJson, sse, writeFrames, type Behaviour, type FakeContext } from './fake-server';

function partsText(parts: any[] | undefined): string {
  return (parts ?? []).map((p) => p.text ?? (p.functionResponse ? JSON.stringify(p.functionResponse.response) : '')).join('');
}

export function geminiTurn(body: any): FakeTurn {
  const contents: any[] = body?.contents ?? [];
  const last = contents.at(-1);
  const fr = (last?.parts ?? []).find((p: any) => p.functionResponse);
  const lastUser = [...contents].reverse().find((c) => c.role === 'user' && !(c.parts ?? []).some((p: any) => p.functionResponse));
  const fcc = body?.toolConfig?.functionCallingConfig;
  const r = fr?.functionResponse?.response;
  return {
    lastUserText: partsText(lastUser?.parts),
    endsWithToolResult: Boolean(fr),
    toolResultText: r ? (typeof r.content === 'string' ? r.content : JSON.stringify(r)) : '',
    tools: (body?.tools ?? []).flatMap((t: any) => t.functionDeclarations ?? []).map((d: any) => ({ name: d.name, schema: d.parameters })),
    forcedTool: fcc?.allowedFunctionNames?.[0],
    toolsDisabled: fcc?.mode === 'NONE',
    json: body?.generationConfig?.responseMimeType === 'application/json',
    promptText: [partsText(body?.systemInstruction?.parts), ...contents.map((c) => partsText(c.parts))].join(' '),
  };
}

const STATUS: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED' };

/**
 * Google's generateContent protocol: the Gemini API (`/v1beta/models/{m}:generateContent`,
 * `x-goog-api-key`) or Vertex AI (`/v1/projects/{p}/locations/{l}/publishers/google/models/{m}:…`,
 * bearer token). Streams are `?alt=sse` with whole-response JSON per event and no terminator.
 */
export class GoogleFake extends FakeServer {
  constructor(
    readonly mode: 'gemini' | 'vertex',
    readonly apiKey = 'test-key',
  ) {
    super();
  }

  protected async handle({ req, res, behaviour }: FakeContext): Promise<void> {
    const re =
      this.mode === 'gemini'
        ? /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|batchEmbedContents)$/
        : /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):(generateContent|streamGenerateContent|predict)$/;
    const m = re.exec(req.path);
    if (!m) return this.error(res, { kind: 'error', status: 404, flavour: 'not_found' });
    const method = m[m.length - 1];
    if (this.mode === 'gemini' && req.headers['x-goog-api-key'] !== this.apiKey) {
      return sendJson(res, 400, {
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
        },
      });
    }
    if (this.mode === 'vertex' && req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return sendJson(res, 401, { error: { code: 401, message: 'Request had invalid authentication credentials. Expected OAuth 2 access token.', status: 'UNAUTHENTICATED' } });
    }
    if (behaviour.kind === 'error') return this.error(res, behaviour);
    if (method === 'batchEmbedContents') return this.embed(res, req.body);
    if (method === 'predict') return this.predict(res, req.body);
    if (method === 'streamGenerateContent' && req.query.get('alt') !== 'sse') return sendJson(res, 400, { error: { code: 400, message: 'fake only streams SSE', status: 'INVALID_ARGUMENT' } });

    const modelVersion = m[this.mode === 'gemini' ? 1 : 3];
    const turn = geminiTurn(req.body);
    const a = answer(turn);
    const prompt = countTokens(turn.promptText);
    const completion = countTokens(a.kind === 'tool' ? JSON.stringify(a.args) : a.text);
    const usage = (c: number) => ({ promptTokenCount: prompt, candidatesTokenCount: c, totalTokenCount: prompt + c });
    const responseId = 'resp_fake_1';
    if (method === 'generateContent') {
      const parts = a.kind === 'tool' ? [{ functionCall: { name: a.name, args: a.args } }] : [{ text: a.text }];
      return sendJson(res, 200, { candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }], usageMetadata: usage(completion), modelVersion, responseId });
    }
    const frames: string[] = [];
    if (a.kind === 'tool') {
      frames.push(sse({ candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: a.name, args: a.args } }] }, finishReason: 'STOP', index: 0 }], usageMetadata: usage(completion), modelVersion, responseId }));
    } else {
      // Gemini sends several words per event; pair them up.
      const words = a.words;
      let sent = 0;
      for (let i = 0; i < words.length; i += 2) {
        const text = words.slice(i, i + 2).join('');
        sent += countTokens(text);
        const lastEvent = i + 2 >= words.length;
        frames.push(sse({ candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0, ...(lastEvent ? { finishReason: 'STOP' } : {}) }], usageMetadata: usage(sent), modelVersion, responseId }));
      }
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    await writeFrames(res, frames, behaviour);
  }

  private vector(text: string, dims: number): number[] {
    return Array.from({ length: dims }, (_, i) => ((text.length + i) % 10) / 10);
  }

  private embed(res: ServerResponse, body: any): void {
    const embeddings = (body.requests ?? []).map((r: any) => ({ values: this.vector(partsText(r.content?.parts), r.outputDimensionality ?? 4) }));
    sendJson(res, 200, { embeddings });
  }

  private predict(res: ServerResponse, body: any): void {
    const dims = body.parameters?.outputDimensionality ?? 4;
    const predictions = (body.instances ?? []).map((i: any) => ({
      embeddings: { values: this.vector(i.content, dims), statistics: { token_count: countTokens(i.content), truncated: false } },
    }));
    sendJson(res, 200, { predictions, metadata: { billableCharacterCount: 10 } });
  }

  private error(res: ServerResponse, b: Extract<Behaviour, { kind: 'error' }>): void {
    const flavour = b.flavour ?? (b.status === 429 ? 'rate_limit' : b.status >= 500 ? 'server' : 'bad_request');
    const messages: Record<string, string> = {
      rate_limit: 'Resource has been exhausted (e.g. check quota).',
      overloaded: 'The model is overloaded. Please try again later.',
      server: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
      auth: 'Permission denied.',
      not_found: 'models/unknown is not found for API version v1beta, or is not supported for generateContent.',
      context_length: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
      bad_request: 'Invalid value at \'generation_config.temperature\' (TYPE_FLOAT), "hot"',
      content_filter: 'The prompt was blocked.',
    };
    const details: unknown[] = [];
    if (b.retryAfterSeconds !== undefined) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${b.retryAfterSeconds}s` });
    sendJson(res, b.status, { error: { code: b.status, message: messages[flavour], status: STATUS[b.status] ?? 'UNKNOWN', ...(details.length ? { details } : {}) } });
  }
}

export class GeminiFake extends GoogleFake {
  constructor(apiKey?: string) {
    super('gemini', apiKey);
  }
}

export class VertexFake extends GoogleFake {
  constructor(token?: string) {
    super('vertex', token);
  }
}
