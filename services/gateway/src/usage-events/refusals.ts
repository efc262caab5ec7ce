import { Inject, Injectable, Logger } from '@nestjs/common';
import { uuidv7 } from '@ironcage/bus';
import { UNATTRIBUTED_ORG_ID } from '@ironcage/contracts';
import { bearerToken, CONFIG, MetricsRegistry } from '@ironcage/kit';
import { Counter } from 'prom-client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthError, AuthErrorCode, KeyAuthenticator, type Principal, principalOfRequest } from '../auth';
import type { DataPlaneConfig } from '../inference/data-plane.config';
import { KeyHasher } from '../keys/key-hasher';
import { RequestRecord } from './request-record';
import { UsageEvents } from './usage-events';

/** A call refused before it had a principal, as any transport sees it. */
export interface RefusedCall {
  /** The presented key, if any (never published; only an HMAC of it, truncated). */
  token?: string;
  method: string;
  endpoint: string;
  /** performance.now() when the call arrived. */
  started: number;
  status: number;
  code: string;
  exception: unknown;
  /** The id the caller is (or will be) told; a fresh one when absent. */
  requestId?: string;
}

const NO_KEY = Object.freeze({ orgId: UNATTRIBUTED_ORG_ID, keyId: 'none', metadata: Object.freeze({}), tags: Object.freeze([]) as unknown as string[] }) as Principal;

/**
 * Requests refused before a handler saw them — no key, a key we never issued or no longer honour,
 * a body too large or not JSON — still end in exactly one `request.received` and one
 * `cost.incurred` (of $0), like every other request. Requests a handler saw are recorded by
 * their use case; this only takes those with no principal attached.
 *
 * Who they are attributed to: a revoked or expired key's own organisation and key id (its owners
 * see the attempts); a key we issued that the body check refused first (413, bad JSON), that key;
 * anything else the `_unattributed` organisation, under a key id that is a truncated HMAC of the
 * presented token (repeated attempts with one token correlate; the token cannot be recovered).
 */
@Injectable()
export class Refusals {
  private readonly logger = new Logger('Refusals');
  private readonly unrecorded: Counter;
  private readonly perSecond: number;
  private window = 0;
  private inWindow = 0;

  constructor(
    private readonly usage: UsageEvents,
    private readonly authenticator: KeyAuthenticator,
    private readonly hasher: KeyHasher,
    metrics: MetricsRegistry,
    @Inject(CONFIG) config: Pick<DataPlaneConfig, 'GATEWAY_UNATTRIBUTED_EVENTS_PER_SECOND'>,
  ) {
    this.perSecond = config.GATEWAY_UNATTRIBUTED_EVENTS_PER_SECOND;
    this.unrecorded = new Counter({
      name: 'gateway_unattributed_refusals_unrecorded_total',
      help: 'Refusals of requests without a key we issued that were over GATEWAY_UNATTRIBUTED_EVENTS_PER_SECOND: counted here, not published',
      registers: [metrics.registry],
    });
  }

  /** A fixed one-second window: enough to cap a flood, no timer. */
  private admitUnattributed(): boolean {
    if (this.perSecond === 0) return true;
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.window) {
      if (this.inWindow > this.perSecond) this.logger.warn({ msg: 'unattributed refusals over the limit were counted, not published', refused: this.inWindow, limit: this.perSecond });
      this.window = second;
      this.inWindow = 0;
    }
    this.inWindow++;
    if (this.inWindow <= this.perSecond) return true;
    this.unrecorded.inc();
    return false;
  }

  /**
   * An HTTP request refused before (or instead of) its handler: recorded unless a guard attached
   * a principal (then its use case records it). Returns the request id to answer with.
   */
  record(request: FastifyRequest, reply: FastifyReply, status: number, code: string, exception: unknown): string | undefined {
    if (principalOfRequest(request)) return undefined;
    return this.recordRefusal({
      token: bearerToken(request),
      method: request.method,
      endpoint: (request.routeOptions.url ?? request.url.split('?')[0]).replace(/\/\*$/, '/{model}'),
      // Fastify's clock started when the request arrived: the latency is the refusal's whole time.
      started: performance.now() - reply.elapsedTime,
      status,
      code,
      exception,
    });
  }

  /** Any transport (gRPC too): a call refused before it had a principal. Returns its request id. */
  recordRefusal(call: RefusedCall): string {
    const requestId = call.requestId ?? uuidv7();
    const ended = performance.now();
    const { token, exception } = call;
    const finish = (principal: Principal) => {
      if (principal.orgId === UNATTRIBUTED_ORG_ID && !this.admitUnattributed()) return;
      const record = new RequestRecord(principal, call.endpoint, call.method, requestId, call.started);
      record.ended = ended;
      this.usage.finish(record, call.status, call.code);
    };
    const unattributed = (): Principal =>
      token ? { orgId: UNATTRIBUTED_ORG_ID, keyId: `unknown-${this.hasher.hash(token).toString('hex').slice(0, 16)}`, metadata: {}, tags: [] } : NO_KEY;
    if (!token || (exception instanceof AuthError && exception.code !== AuthErrorCode.VirtualKeyRequired)) {
      finish((exception instanceof AuthError && exception.keyPrincipal) || unattributed());
      return requestId;
    }
    // Refused before authentication ran (413, bad JSON) or an admin key on a model route: attribute it to the key if it is one of ours.
    try {
      void Promise.resolve(this.authenticator.authenticate(token, 'any')).then(
        (c) => finish(c.principal),
        (err: unknown) => finish((err instanceof AuthError && err.keyPrincipal) || unattributed()),
      );
    } catch (err) {
      finish((err instanceof AuthError && err.keyPrincipal) || unattributed());
    }
    return requestId;
  }
}
