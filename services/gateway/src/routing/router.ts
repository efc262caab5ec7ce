import type { CatalogueModel, ModelCatalogue, RoutedDeployment } from '../catalogue/model-catalogue';
import { type CallContext, ProviderError, type ProviderAdapter, type ProviderRegistry } from '../providers';
import { orderDeployments } from './balancer';
import { type BreakerChange, type BreakerState, CircuitBreaker, Permit } from './circuit-breaker';
import { RoutingError, RoutingErrorCode } from './routing.exception';

/** How an attempt on a deployment ended. */
export type AttemptOutcome = 'ok' | 'failed' | 'rejected' | 'aborted' | 'skipped';

/** Hooks for metrics and logs; the router itself does no I/O. */
export interface RouterObserver {
  attempt?(deployment: RoutedDeployment, outcome: AttemptOutcome): void;
  breakerChanged?(deployment: RoutedDeployment, from: BreakerState, to: BreakerState, reason: string, change: BreakerChange): void;
}

export interface RouteOptions {
  /** Aborted when the client goes away: stops the current attempt and any further one. */
  signal?: AbortSignal;
  /** Epoch ms after which no attempt starts and running ones time out. */
  deadline: number;
  requestId?: string;
  /** Fallback models the caller may not use are left out. */
  allowFallback?: (model: CatalogueModel) => boolean;
  /**
   * Keep the attempt open after `attempt` resolved (streams): the deployment counts as busy and
   * its breaker waits for the verdict until `finish` is called.
   */
  hold?: boolean;
}

export interface Routed<T> {
  value: T;
  deployment: RoutedDeployment;
  /** Attempts made, the successful one included. */
  attempts: number;
  /** For `hold`: the call ended, with the error that ended it, if any. Idempotent. */
  finish(error?: unknown): void;
}

interface DeploymentHealth {
  readonly breaker: CircuitBreaker;
  inFlight: number;
}

const NOOP = (): void => undefined;

export type Attempt<T> = (deployment: RoutedDeployment, adapter: ProviderAdapter, ctx: CallContext) => Promise<T>;

/**
 * Picks deployments for a model and runs attempts on them: load balancing (weighted or
 * least-busy), a circuit breaker per deployment, and fallback to the next deployment (then the
 * model's fallback models) when an attempt fails in a way worth retrying (429, 5xx, timeouts,
 * connection errors: `ProviderError.retryable`), up to the model's `maxAttempts`.
 */
export class Router {
  private readonly health = new Map<string, DeploymentHealth>();

  constructor(
    catalogue: ModelCatalogue,
    private readonly registry: Pick<ProviderRegistry, 'get'>,
    private readonly observer: RouterObserver = {},
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {
    for (const d of catalogue.deployments()) {
      this.health.set(d.id, { inFlight: 0, breaker: new CircuitBreaker(d.breaker, now, (from, to, reason, change) => observer.breakerChanged?.(d, from, to, reason, change)) });
    }
  }

  breakerState(deploymentId: string): BreakerState | undefined {
    return this.health.get(deploymentId)?.breaker.state;
  }

  inFlight(deploymentId: string): number {
    return this.health.get(deploymentId)?.inFlight ?? 0;
  }

  /** Deployments in the order they would be tried now (breakers are consulted when trying). */
  candidates(model: CatalogueModel, allowFallback?: (model: CatalogueModel) => boolean): readonly RoutedDeployment[] {
    if (model.fallbacks.length === 0 && model.deployments.length === 1) return model.deployments;
    const busy = (d: RoutedDeployment) => this.health.get(d.id)?.inFlight ?? 0;
    const out = model.deployments.length === 1 ? [...model.deployments] : orderDeployments(model.deployments, model.routing, busy, this.random);
    for (const fallback of model.fallbacks) {
      if (allowFallback && !allowFallback(fallback)) continue;
      for (const d of fallback.deployments.length === 1 ? fallback.deployments : orderDeployments(fallback.deployments, fallback.routing, busy, this.random)) out.push(d);
    }
    return out;
  }

  async call<T>(model: CatalogueModel, attempt: Attempt<T>, options: RouteOptions): Promise<Routed<T>> {
    const candidates = this.candidates(model, options.allowFallback);
    let attempts = 0;
    let lastError: unknown;
    let soonestProbe = Infinity;
    for (const deployment of candidates) {
      if (attempts >= model.maxAttempts) break;
      const health = this.health.get(deployment.id)!;
      const permit = health.breaker.tryAcquire();
      if (permit === Permit.Denied) {
        soonestProbe = Math.min(soonestProbe, health.breaker.retryInMs());
        this.observer.attempt?.(deployment, 'skipped');
        continue;
      }
      if (options.signal?.aborted) {
        health.breaker.release(permit);
        throw options.signal.reason;
      }
      if (this.now() >= options.deadline) {
        health.breaker.release(permit);
        break;
      }
      attempts++;
      health.inFlight++;
      try {
        const value = await attempt(deployment, this.registry.get(deployment.provider), {
          signal: options.signal,
          deadline: options.deadline,
          timeouts: deployment.timeouts,
          requestId: options.requestId,
        });
        if (!options.hold) {
          this.settle(deployment, health, permit, undefined, options.signal);
          return { value, deployment, attempts, finish: NOOP };
        }
        let finished = false;
        const finish = (error?: unknown) => {
          if (finished) return;
          finished = true;
          this.settle(deployment, health, permit, error, options.signal);
        };
        return { value, deployment, attempts, finish };
      } catch (err) {
        this.settle(deployment, health, permit, err, options.signal);
        if (!(err instanceof ProviderError) || !err.retryable || options.signal?.aborted) throw err;
        lastError = err;
      }
    }
    if (lastError) throw lastError;
    if (attempts === 0 && soonestProbe !== Infinity) {
      const seconds = Math.max(1, Math.ceil(soonestProbe / 1000));
      throw new RoutingError(RoutingErrorCode.NoHealthyDeployment, `Every deployment of ${model.name} is failing and paused by its circuit breaker; retry in ${seconds} s`, seconds);
    }
    throw new RoutingError(RoutingErrorCode.DeadlineExceeded, `No deployment of ${model.name} answered before the request's deadline`);
  }

  private settle(deployment: RoutedDeployment, health: DeploymentHealth, permit: Permit, error: unknown, signal: AbortSignal | undefined): void {
    health.inFlight--;
    if (error === undefined) {
      health.breaker.success(permit);
      this.observer.attempt?.(deployment, 'ok');
    } else if (signal?.aborted) {
      health.breaker.release(permit);
      this.observer.attempt?.(deployment, 'aborted');
    } else if (error instanceof ProviderError && error.retryable) {
      health.breaker.failure(permit, error.retryAfterMs);
      this.observer.attempt?.(deployment, 'failed');
    } else {
      health.breaker.release(permit);
      this.observer.attempt?.(deployment, 'rejected');
    }
  }
}
