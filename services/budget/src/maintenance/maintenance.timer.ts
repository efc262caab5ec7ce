import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import type { BudgetConfig } from '../config';
import { MaintenanceUseCase } from './maintenance.usecase';

/**
 * Housekeeping without Temporal (TEMPORAL_ENABLED=false): every replica runs it on a timer. That is
 * safe — the expiry takes reservations SKIP LOCKED and the outbox is idempotent — only redundant.
 */
@Injectable()
export class MaintenanceTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MaintenanceTimer.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly maintenance: MaintenanceUseCase,
    @Inject(CONFIG) private readonly config: BudgetConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.round().finally(() => (this.running = undefined));
    }, this.config.BUDGET_MAINTENANCE_INTERVAL_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async round(): Promise<void> {
    try {
      await this.maintenance.expireReservations();
      await this.maintenance.publishPending();
      await this.maintenance.purge();
    } catch (e) {
      this.logger.warn({ err: e }, 'maintenance round failed; the next one retries');
    }
  }
}
