import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import { Clock } from '../common/clock';
import type { TracesConfig } from './traces.config';
import { TracesMetrics } from './traces.metrics';
import { TracesRepository } from './traces.repository';

const EVERY_MS = 15 * 60 * 1000;
const BATCH = 5000;

/**
 * Deletes spans received more than TRACES_RETENTION_DAYS ago: at start-up and every 15 minutes,
 * in batches of 5,000. Replicas may purge at the same time; deleting is idempotent.
 */
@Injectable()
export class TracesRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TracesRetention.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly repository: TracesRepository,
    private readonly clock: Clock,
    private readonly metrics: TracesMetrics,
    @Inject(CONFIG) private readonly config: TracesConfig,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running ??= this.purge()
        .catch((e: unknown) => {
          this.logger.warn({ msg: 'trace retention purge failed', reason: (e as Error).message });
          return 0;
        })
        .finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, EVERY_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Deletes everything past retention; returns how many spans. */
  async purge(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.TRACES_RETENTION_DAYS * 86_400_000);
    let total = 0;
    for (let n = BATCH; n === BATCH; ) {
      n = await this.repository.purge(cutoff, BATCH);
      total += n;
      this.metrics.purgedSpans(n);
    }
    if (total > 0) this.logger.log({ msg: 'purged spans past retention', spans: total, cutoff: cutoff.toISOString() });
    return total;
  }
}
