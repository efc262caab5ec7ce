/* eslint-disable @typescript-eslint/no-explicit-any -- fakes read arbitrary wire JSON, as a real server would */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the fake does with the next request. Queue them with `fake.next(...)`; default is `ok`. */
export type Behaviour =
  | { kind: 'ok' }
  /** Wait before answering normally (headers included). */
  | { kind: 'delay'; ms: number }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** An error in the provider's own body format. */
  | { kind: 'error'; status: number; retryAfterSeconds?: number; flavour?: 'rate_limit' | 'overloaded' | 'context_length' | 'server' | 'auth' | 'not_found' | 'bad_request' | 'content_filter' }
  /** Stream a few chunks, then destroy the socket. */
  | { kind: 'drop_mid_stream'; afterChunks?: number }
  /** Stream with a pause between chunks (for abort and idle-timeout tests). */
  | { kind: 'slow_stream'; chunkDelayMs: number }
  /** Stream normally but end the response only a while after the last frame, as a terminator arriving in its own packet. */
  | { kind: 'late_end'; ms: number }
  /** Start a 200 stream, then report an error inside it the way the provider does (overloaded / throttled). */
  | { kind: 'stream_error'; afterChunks?: number };

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed JSON body, or undefined. */
  body: any;
  /** Resolves when the client closes the connection this request came on. */
  connectionClosed: Promise<void>;
  /** The client's port: equal across requests that reused a keep-alive connection. */
  remotePort: number;
}

export interface FakeContext {
  req: RecordedRequest;
  res: ServerResponse;
  behaviour: Behaviour;
}

/**
 * A local server speaking one provider's wire protocol on an ephemeral port, with a request log
 * and queued behaviours. Subclasses implement `handle`.
 */
export abstract class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Behaviour[] = [];
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  url = '';
  /** TCP connections accepted so far: unchanged across calls that reused keep-alive connections. */
  connectionsOpened = 0;

  /** Queue behaviours for the next requests, in order. */
  next(...behaviours: Behaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  get last(): RecordedRequest {
    const r = this.requests.at(-1);
    if (!r) throw new Error('the fake has received no request');
    return r;
  }

  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.dispatch(req, res));
    this.server.keepAliveTimeout = 5_000;
    this.server.on('connection', (socket) => {
      this.connectionsOpened++;
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  protected abstract handle(ctx: FakeContext): Promise<void> | void;

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: unknown;
    try {
      body = rawBody.length ? JSON.parse(rawBody.toString('utf8')) : undefined;
    } catch {
      body = undefined;
    }
    const connectionClosed = closedPromise(req.socket);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body,
      connectionClosed,
      remotePort: req.socket.remotePort ?? 0,
    };
    this.requests.push(recorded);
    const behaviour = this.queue.shift() ?? { kind: 'ok' };
    if (behaviour.kind === 'hang') return;
    if (behaviour.kind === 'delay') await sleep(behaviour.ms);
    try {
      await this.handle({ req: recorded, res, behaviour });
    } catch (err) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `fake failed: ${(err as Error).message}` } }));
      } else res.destroy();
    }
  }
}

const socketClosed = new WeakMap<Socket, Promise<void>>();

/** One promise per socket: keep-alive sockets carry many requests and must not gather listeners. */
function closedPromise(socket: Socket): Promise<void> {
  let p = socketClosed.get(socket);
  if (!p) {
    p = new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
    socketClosed.set(socket, p);
  }
  return p;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Writes stream frames one by one, honouring the streaming behaviours: pauses between frames,
 * or a dropped connection after a few frames. Stops quietly when the client went away.
 */
export async function writeFrames(
  res: ServerResponse,
  frames: (string | Uint8Array)[],
  behaviour: Behaviour,
  errorFrame?: string | Uint8Array,
): Promise<void> {
  if (behaviour.kind === 'stream_error' && errorFrame !== undefined) {
    const keep = behaviour.afterChunks ?? 2;
    for (const f of frames.slice(0, keep)) res.write(f);
    res.end(errorFrame);
    return;
  }
  const delay = behaviour.kind === 'slow_stream' ? behaviour.chunkDelayMs : 0;
  const dropAfter = behaviour.kind === 'drop_mid_stream' ? (behaviour.afterChunks ?? 2) : Infinity;
  for (let i = 0; i < frames.length; i++) {
    if (i >= dropAfter) {
      res.socket?.destroy();
      return;
    }
    if (res.destroyed || res.socket?.destroyed) return;
    res.write(frames[i]);
    if (delay) await sleep(delay);
  }
  if (behaviour.kind === 'late_end') await sleep(behaviour.ms);
  res.end();
}

export function sse(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}
