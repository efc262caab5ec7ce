import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT, ATTR_URL_FULL } from '@opentelemetry/semantic-conventions';
import { Pool, errors as undiciErrors } from 'undici';
import type { Dispatcher } from 'undici';
import { ProviderError } from '../errors/provider-error';
import type { CallContext, Timeouts } from '../provider-adapter';

/** Non-streaming calls get no byte until the whole answer is ready, hence the generous first-byte default. */
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 5_000, firstByteMs: 120_000, idleMs: 60_000, totalMs: 600_000 };

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface UpstreamRequest {
  provider: string;
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | Uint8Array;
  ctx: CallContext;
}

export interface HttpClientOptions {
  /** Connections kept per upstream origin. */
  connectionsPerOrigin?: number;
  keepAliveTimeoutMs?: number;
}

const TOTAL_TIMEOUT = Symbol('total-timeout');
const FIRST_BYTE_TIMEOUT = Symbol('first-byte-timeout');

/**
 * An upstream response whose body is read incrementally. The call's total timer and the client's
 * abort stay armed until the body is fully read or `close()` is called.
 */
export class UpstreamResponse {
  private done = false;
  private complete = false;

  constructor(
    readonly status: number,
    readonly headers: ResponseHeaders,
    private readonly body: Dispatcher.ResponseData['body'],
    private readonly provider: string,
    private readonly signals: CallSignals,
    private readonly span?: Span,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /**
   * The protocol says the message is over (`[DONE]`, `message_stop`) though the body has not
   * ended yet: stopping now drains the rest so the connection goes back to the pool.
   */
  markComplete(): void {
    this.complete = true;
  }

  /** Raw body chunks; upstream failures become ProviderErrors; stopping early closes the socket. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of this.body.iterator({ destroyOnReturn: false })) yield chunk as Uint8Array;
      this.done = true;
    } catch (err) {
      throw this.signals.translate(err, this.provider);
    } finally {
      this.close();
    }
  }

  async text(): Promise<string> {
    const parts: Buffer[] = [];
    for await (const chunk of this.chunks()) parts.push(Buffer.from(chunk));
    return Buffer.concat(parts).toString('utf8');
  }

  async json(): Promise<unknown> {
    const text = await this.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new ProviderError({
        provider: this.provider,
        code: 'upstream_error',
        status: 502,
        message: `${this.provider} returned a body that is not JSON (status ${this.status})`,
      });
    }
  }

  /**
   * Release the connection. A body not read to its end is destroyed (closing the socket), unless
   * the message was complete, in which case the little that is left is drained for reuse.
   */
  close(): void {
    if (!this.done && !this.body.destroyed) {
      if (this.complete) this.body.dump({ limit: 1 << 20, signal: AbortSignal.timeout(1000) }).catch(() => undefined);
      else {
        // nobody iterates any more: the abort error undici emits on destroy has no other listener
        this.body.on('error', () => undefined);
        this.body.destroy();
      }
    }
    this.done = true;
    this.signals.dispose();
    this.span?.end();
  }
}

/** The call's own abort controller: fires on client abort, total timeout or deadline. */
class CallSignals {
  readonly controller = new AbortController();
  private timer?: NodeJS.Timeout;
  private firstByteTimer?: NodeJS.Timeout;
  private readonly onClientAbort = () => this.controller.abort(this.client?.reason);

  constructor(
    private readonly client: AbortSignal | undefined,
    totalMs: number,
  ) {
    this.timer = setTimeout(() => this.controller.abort(TOTAL_TIMEOUT), totalMs);
    this.timer.unref?.();
    if (client) {
      if (client.aborted) this.controller.abort(client.reason);
      else client.addEventListener('abort', this.onClientAbort, { once: true });
    }
  }

  /** Time to first byte is ours to measure: undici's own timers are coarse (about a second). */
  armFirstByte(ms: number): void {
    this.firstByteTimer = setTimeout(() => this.controller.abort(FIRST_BYTE_TIMEOUT), ms);
    this.firstByteTimer.unref?.();
  }

  headersArrived(): void {
    if (this.firstByteTimer) clearTimeout(this.firstByteTimer);
    this.firstByteTimer = undefined;
  }

  dispose(): void {
    this.headersArrived();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.client?.removeEventListener('abort', this.onClientAbort);
  }

  /** Client abort → the abort reason; our timers → timeout; everything else → upstream_error. */
  translate(err: unknown, provider: string): unknown {
    this.dispose();
    if (err instanceof ProviderError) return err;
    if (this.controller.signal.aborted) {
      if (this.controller.signal.reason === TOTAL_TIMEOUT) {
        return new ProviderError({ provider, code: 'timeout', status: 504, message: `${provider} did not finish within the time allowed` });
      }
      if (this.controller.signal.reason === FIRST_BYTE_TIMEOUT) {
        return new ProviderError({ provider, code: 'timeout', status: 504, message: `${provider} sent no response in time` });
      }
      return this.client?.reason ?? err;
    }
    return translateTransportError(err, provider);
  }
}

export function translateTransportError(err: unknown, provider: string): ProviderError {
  const code = (err as { code?: string } | undefined)?.code;
  if (err instanceof undiciErrors.ConnectTimeoutError || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new ProviderError({ provider, code: 'timeout', status: 504, message: `connecting to ${provider} timed out`, cause: err });
  }
  if (err instanceof undiciErrors.HeadersTimeoutError || code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new ProviderError({ provider, code: 'timeout', status: 504, message: `${provider} sent no response in time`, cause: err });
  }
  if (err instanceof undiciErrors.BodyTimeoutError || code === 'UND_ERR_BODY_TIMEOUT') {
    return new ProviderError({ provider, code: 'timeout', status: 504, message: `${provider} stopped sending data`, cause: err });
  }
  const reason = code ?? (err instanceof Error ? err.name : 'unknown');
  return new ProviderError({
    provider,
    code: 'upstream_error',
    status: 502,
    message: `connection to ${provider} failed (${reason})`,
    cause: err,
  });
}

/**
 * The HTTP client span of one upstream call (HTTP semantic conventions), a child of the active
 * span (the GenAI span of the model call); it ends when the response body is read or dropped.
 * The query string is left out of `url.full` (some providers take keys there) and no trace
 * context is sent upstream: providers are outside the platform.
 */
function clientSpan(method: string, url: URL): Span {
  return trace.getTracer('@ironcage/gateway').startSpan(method, {
    kind: SpanKind.CLIENT,
    attributes: {
      [ATTR_HTTP_REQUEST_METHOD]: method,
      [ATTR_SERVER_ADDRESS]: url.hostname,
      [ATTR_SERVER_PORT]: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
      [ATTR_URL_FULL]: `${url.origin}${url.pathname}`,
    },
  });
}

/**
 * One keep-alive connection pool per upstream origin, shared by every adapter. Bodies are never
 * buffered by the client; adapters read them incrementally.
 */
export class HttpClient {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly options: HttpClientOptions = {}) {}

  async send(req: UpstreamRequest): Promise<UpstreamResponse> {
    const timeouts = { ...DEFAULT_TIMEOUTS, ...req.ctx.timeouts };
    const remaining = req.ctx.deadline === undefined ? Infinity : req.ctx.deadline - Date.now();
    if (req.ctx.signal?.aborted) throw req.ctx.signal.reason;
    if (remaining <= 0) {
      throw new ProviderError({ provider: req.provider, code: 'timeout', status: 504, message: 'the request deadline passed before the call' });
    }
    const url = new URL(req.url);
    const method = req.method ?? 'POST';
    const span = clientSpan(method, url);
    const signals = new CallSignals(req.ctx.signal, Math.min(timeouts.totalMs, remaining));
    signals.armFirstByte(timeouts.firstByteMs);
    try {
      const res = await this.pool(url.origin, timeouts.connectMs).request({
        path: url.pathname + url.search,
        method,
        headers: req.headers,
        body: req.body,
        signal: signals.controller.signal,
        headersTimeout: 0,
        bodyTimeout: timeouts.idleMs,
      });
      signals.headersArrived();
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
      if (res.statusCode >= 400) span.setAttribute(ATTR_ERROR_TYPE, String(res.statusCode)).setStatus({ code: SpanStatusCode.ERROR });
      return new UpstreamResponse(res.statusCode, res.headers, res.body, req.provider, signals, span);
    } catch (err) {
      const failure = signals.translate(err, req.provider);
      const code = (failure as { code?: unknown })?.code;
      span.setAttribute(ATTR_ERROR_TYPE, typeof code === 'string' ? code : 'error').setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      throw failure;
    }
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close().catch(() => p.destroy())));
  }

  private pool(origin: string, connectMs: number): Pool {
    const key = `${origin} ${connectMs}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.options.connectionsPerOrigin ?? 256,
        keepAliveTimeout: this.options.keepAliveTimeoutMs ?? 30_000,
        connect: { timeout: connectMs },
        pipelining: 1,
      });
      this.pools.set(key, pool);
    }
    return pool;
  }
}
