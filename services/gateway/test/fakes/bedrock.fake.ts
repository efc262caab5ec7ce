/* eslint-disable @typescript-eslint/no-explicit-any -- fakes read arbitrary wire JSON, as a real server would */
import { Sha256 } from '@aws-crypto/sha256-js';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { SignatureV4 } from '@smithy/signature-v4';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { ServerResponse } from 'node:http';
import { answer, countTokens, type FakeTurn } from './conversation';
import { FakeServer, sendJson, writeFrames, type Behaviour, type FakeContext, type RecordedRequest } from './fake-server';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function blocksText(blocks: any[] | undefined): string {
  return (blocks ?? [])
    .map((b) => b.text ?? (b.toolResult ? blocksText(b.toolResult.content.map((c: any) => (c.json ? { text: JSON.stringify(c.json) } : c))) : ''))
    .join('');
}

export function bedrockTurn(body: any): FakeTurn {
  const messages: any[] = body?.messages ?? [];
  const last = messages.at(-1);
  const tr = (last?.content ?? []).find((b: any) => b.toolResult);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user' && !(m.content ?? []).some((b: any) => b.toolResult));
  const system = (body?.system ?? []).map((s: any) => s.text).join(' ');
  const choice = body?.toolConfig?.toolChoice;
  return {
    lastUserText: blocksText(lastUser?.content),
    endsWithToolResult: Boolean(tr),
    toolResultText: tr ? blocksText(tr.toolResult.content) : '',
    tools: (body?.toolConfig?.tools ?? []).map((t: any) => ({ name: t.toolSpec.name, schema: t.toolSpec.inputSchema?.json })),
    forcedTool: choice?.tool?.name,
    toolsDisabled: false,
    json: /valid JSON/.test(system),
    promptText: [system, ...messages.map((m) => blocksText(m.content))].join(' '),
  };
}

function frame(eventType: string, payload: unknown, messageType: 'event' | 'exception' = 'event'): Uint8Array {
  const typeHeader = messageType === 'event' ? ':event-type' : ':exception-type';
  return codec.encode({
    headers: {
      [typeHeader]: { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: messageType },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

export interface BedrockFakeOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Bedrock API keys (bearer) accepted too. */
  apiKey?: string;
  region?: string;
}

/**
 * Bedrock runtime Converse (`/model/{id}/converse`) and ConverseStream
 * (`/model/{id}/converse-stream`, AWS event-stream binary framing). Verifies SigV4 signatures by
 * re-signing what it received; errors carry `x-amzn-ErrorType` and `{message}`.
 */
export class BedrockFake extends FakeServer {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly apiKey?: string;
  readonly region: string;
  /** Signature checks that failed, for tests to assert on. */
  readonly signatureFailures: string[] = [];

  constructor(options: BedrockFakeOptions = {}) {
    super();
    this.accessKeyId = options.accessKeyId ?? 'AKIAFAKEFAKEFAKE1234';
    this.secretAccessKey = options.secretAccessKey ?? 'fake/secret/key/0123456789abcdefghijklmn';
    this.apiKey = options.apiKey;
    this.region = options.region ?? 'us-east-1';
  }

  override reset(): void {
    super.reset();
    this.signatureFailures.length = 0;
  }

  async verifySignature(req: RecordedRequest): Promise<string | undefined> {
    const auth = String(req.headers.authorization ?? '');
    if (this.apiKey && auth === `Bearer ${this.apiKey}`) return undefined;
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return 'missing or malformed SigV4 authorization';
    const [, keyId, , region, service, signedHeaders] = m;
    if (keyId !== this.accessKeyId) return 'unknown access key';
    if (region !== this.region || service !== 'bedrock') return `wrong scope ${region}/${service}`;
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    const date = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    const headers: Record<string, string> = {};
    for (const name of signedHeaders.split(';')) headers[name] = String(req.headers[name] ?? '');
    const signer = new SignatureV4({ service: 'bedrock', region, credentials: { accessKeyId: this.accessKeyId, secretAccessKey: this.secretAccessKey, sessionToken: headers['x-amz-security-token'] }, sha256: Sha256 });
    const [hostname, port] = headers.host.split(':');
    const expected = await signer.sign(
      { method: req.method, protocol: 'http:', hostname, port: port ? Number(port) : undefined, path: req.path, query: {}, headers, body: req.rawBody.toString('utf8') },
      { signingDate: date },
    );
    return expected.headers.authorization === auth ? undefined : 'signature mismatch';
  }

  protected async handle({ req, res, behaviour }: FakeContext): Promise<void> {
    const m = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(req.path);
    if (!m) return this.error(res, { kind: 'error', status: 404, flavour: 'not_found' });
    const failure = await this.verifySignature(req);
    if (failure) {
      this.signatureFailures.push(failure);
      return this.error(res, { kind: 'error', status: 403, flavour: 'auth' });
    }
    if (behaviour.kind === 'error') return this.error(res, behaviour);
    const turn = bedrockTurn(req.body);
    const a = answer(turn, 'tooluse_');
    const input = countTokens(turn.promptText);
    const output = countTokens(a.kind === 'tool' ? JSON.stringify(a.args) : a.text);
    const usage = { inputTokens: input, outputTokens: output, totalTokens: input + output };
    const stopReason = a.kind === 'tool' ? 'tool_use' : 'end_turn';
    if (m[2] === 'converse') {
      const content = a.kind === 'tool' ? [{ toolUse: { toolUseId: a.id, name: a.name, input: a.args } }] : [{ text: a.text }];
      return sendJson(res, 200, { output: { message: { role: 'assistant', content } }, stopReason, usage, metrics: { latencyMs: 42 } });
    }
    const p = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0';
    const frames: Uint8Array[] = [frame('messageStart', { p, role: 'assistant' })];
    if (a.kind === 'tool') {
      frames.push(frame('contentBlockStart', { contentBlockIndex: 0, p, start: { toolUse: { toolUseId: a.id, name: a.name } } }));
      const json = JSON.stringify(a.args);
      const mid = Math.ceil(json.length / 2);
      for (const part of [json.slice(0, mid), json.slice(mid)]) frames.push(frame('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: part } }, p }));
    } else {
      for (const w of a.words) frames.push(frame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: w }, p }));
    }
    frames.push(frame('contentBlockStop', { contentBlockIndex: 0, p }));
    frames.push(frame('messageStop', { p, stopReason }));
    frames.push(frame('metadata', { metrics: { latencyMs: 42 }, p, usage }));
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'fake-request-id' });
    await writeFrames(res, frames, behaviour, BedrockFake.exceptionFrame('throttlingException', 'Too many requests, please wait before trying again.'));
  }

  private error(res: ServerResponse, b: Extract<Behaviour, { kind: 'error' }>): void {
    const flavour = b.flavour ?? (b.status === 429 ? 'rate_limit' : b.status === 503 ? 'overloaded' : b.status >= 500 ? 'server' : 'bad_request');
    const table: Record<string, [string, string]> = {
      rate_limit: ['ThrottlingException', 'Too many requests, please wait before trying again.'],
      overloaded: ['ServiceUnavailableException', 'Bedrock is unable to process your request.'],
      server: ['InternalServerException', 'The server encountered an internal error while processing the request.'],
      auth: ['UnrecognizedClientException', 'The security token included in the request is invalid.'],
      not_found: ['ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.'],
      context_length: ['ValidationException', 'Input is too long for requested model.'],
      bad_request: ['ValidationException', 'The provided request is not valid'],
      content_filter: ['ValidationException', 'The provided request is not valid'],
    };
    const [type, message] = table[flavour];
    const headers: Record<string, string> = { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`, 'x-amzn-requestid': 'fake-request-id' };
    if (b.retryAfterSeconds !== undefined) headers['retry-after'] = String(b.retryAfterSeconds);
    sendJson(res, b.status, { message }, headers);
  }

  /** A stream that fails mid-way with an in-stream exception frame, as ConverseStream does. */
  static exceptionFrame(type: string, message: string): Uint8Array {
    return frame(type, { message }, 'exception');
  }
}
