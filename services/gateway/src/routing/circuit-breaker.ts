import type { BreakerSettings } from '../catalogue/catalogue.schema';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** What `tryAcquire` grants: nothing, an ordinary call, or one of the half-open probes. */
export enum Permit {
  Denied = 0,
  Call = 1,
  Probe = 2,
}

/** What a transition is told besides from, to and why. */
export interface BreakerChange {
  /** Consecutive failures counted while closed (the count that opened it; 0 once closed again). */
  failures: number;
  failureThreshold: number;
  /** When it opened: how long until the next probe. */
  openForMs?: number;
}

export type StateListener = (from: BreakerState, to: BreakerState, reason: string, change: BreakerChange) => void;

/**
 * One deployment's circuit breaker.
 *
 * closed → open: `failureThreshold` consecutive failures (429, 5xx, timeouts, connection errors),
 * or at once on a failure that says when to retry (`retry-after`) if `openOnRetryAfter`.
 * open → half-open: once `openMs` (or the retry-after, at most `maxOpenMs`) has passed, the next
 * caller gets a probe; `halfOpenProbes` probes may be in flight at a time, everyone else skips.
 * half-open → closed after `successThreshold` successful probes; → open again on a failed one.
 *
 * Calls that started before the breaker opened and end later do not move it. The clock is
 * injected so the state machine can be tested without waiting.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openUntil = 0;
  private probesInFlight = 0;
  private probeSuccesses = 0;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
    private readonly onChange?: StateListener,
  ) {}

  get state(): BreakerState {
    return this.current;
  }

  /** Milliseconds until an open breaker lets a probe through (0 when it would now). */
  retryInMs(): number {
    return this.current === 'open' ? Math.max(0, this.openUntil - this.now()) : 0;
  }

  /** Asks to make a call. A granted permit must be handed back to exactly one of success / failure / release. */
  tryAcquire(): Permit {
    if (this.current === 'closed') return Permit.Call;
    if (this.current === 'open') {
      if (this.now() < this.openUntil) return Permit.Denied;
      this.transition('half-open', 'open period over');
    }
    if (this.probesInFlight >= this.settings.halfOpenProbes) return Permit.Denied;
    this.probesInFlight++;
    return Permit.Probe;
  }

  success(permit: Permit): void {
    if (permit === Permit.Probe) {
      this.probesInFlight--;
      if (this.current !== 'half-open') return;
      if (++this.probeSuccesses >= this.settings.successThreshold) {
        this.failures = 0;
        this.transition('closed', 'probe succeeded');
      }
    } else if (this.current === 'closed') this.failures = 0;
  }

  failure(permit: Permit, retryAfterMs?: number): void {
    const honourRetryAfter = this.settings.openOnRetryAfter && retryAfterMs !== undefined && retryAfterMs > 0;
    if (permit === Permit.Probe) {
      this.probesInFlight--;
      if (this.current === 'half-open') this.open(honourRetryAfter ? retryAfterMs : undefined, 'probe failed');
      return;
    }
    if (this.current !== 'closed') return;
    if (honourRetryAfter) return this.open(retryAfterMs, 'upstream asked to retry later');
    if (++this.failures >= this.settings.failureThreshold) this.open(undefined, `${this.failures} consecutive failures`);
  }

  /** The call ended without saying anything about the deployment (client abort, a bad request). */
  release(permit: Permit): void {
    if (permit === Permit.Probe) this.probesInFlight--;
  }

  private open(retryAfterMs: number | undefined, reason: string): void {
    const period = retryAfterMs === undefined ? this.settings.openMs : Math.min(Math.max(retryAfterMs, 1), this.settings.maxOpenMs);
    this.openUntil = this.now() + period;
    this.probeSuccesses = 0;
    this.transition('open', reason);
  }

  private transition(to: BreakerState, reason: string): void {
    const from = this.current;
    this.current = to;
    if (to === 'half-open') this.probeSuccesses = 0;
    if (from !== to) {
      const change: BreakerChange = { failures: this.failures, failureThreshold: this.settings.failureThreshold };
      if (to === 'open') change.openForMs = Math.max(0, this.openUntil - this.now());
      this.onChange?.(from, to, reason, change);
    }
  }
}
