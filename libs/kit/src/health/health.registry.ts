import { Injectable } from '@nestjs/common';

export type HealthCheck = () => Promise<void>;

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  checks: Record<string, { status: 'up' | 'down'; error?: string; latencyMs: number }>;
}

/** Modules register what the service needs to be ready (bus, database, …); /readyz runs them all. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private shuttingDown = false;

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async readiness(timeoutMs = 2000): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        const started = performance.now();
        try {
          await withTimeout(check(), timeoutMs);
          return [name, { status: 'up' as const, latencyMs: round(performance.now() - started) }] as const;
        } catch (e) {
          return [name, { status: 'down' as const, error: (e as Error).message, latencyMs: round(performance.now() - started) }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    const ready = !this.shuttingDown && entries.every(([, r]) => r.status === 'up');
    return { status: ready ? 'ready' : 'not_ready', checks };
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
