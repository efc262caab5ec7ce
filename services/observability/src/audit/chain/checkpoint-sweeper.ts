import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import { Clock } from '../../common/clock';
import type { ObservabilityConfig } from '../../config';
import { AuditMetrics } from '../audit.metrics';
import { AuditSigner } from './audit-signer';
import { ChainRepository } from './chain.repository';
import { type CheckpointPolicy, isCheckpointDue, signedCheckpoint } from './plan-append';

/**
 * Writes the time-based checkpoints that no append triggers: an org whose last entries arrived
 * and then nothing more still gets them signed within AUDIT_CHECKPOINT_INTERVAL_SECONDS. Every
 * replica sweeps; the head row lock (SKIP LOCKED) and the checkpoint key keep it to one each.
 */
@Injectable()
export class CheckpointSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CheckpointSweeper.name);
  private readonly policy: CheckpointPolicy;
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    private readonly chain: ChainRepository,
    private readonly signer: AuditSigner,
    private readonly clock: Clock,
    private readonly metrics: AuditMetrics,
    @Inject(CONFIG) config: ObservabilityConfig,
  ) {
    this.policy = { everyEntries: config.AUDIT_CHECKPOINT_EVERY, intervalMs: config.AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000 };
  }

  onApplicationBootstrap(): void {
    const every = Math.max(1000, Math.min(60_000, Math.floor(this.policy.intervalMs / 4)));
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((err: unknown) => {
          this.logger.warn({ msg: 'checkpoint sweep failed; next sweep retries', err });
          return 0;
        })
        .finally(() => (this.sweeping = undefined));
    }, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  /** Checkpoints every org that is due; returns how many were written. */
  async sweep(): Promise<number> {
    let written = 0;
    for (;;) {
      const now = this.clock.now();
      const orgs = await this.chain.orgsDueForCheckpoint(new Date(now.getTime() - this.policy.intervalMs), 100);
      let progress = 0;
      for (const orgId of orgs) {
        const checkpoint = await this.chain.checkpointHead(orgId, now, (head) =>
          isCheckpointDue(head, now, this.policy) ? signedCheckpoint('periodic', orgId, head, now, (s) => this.signer.sign(s)) : null,
        );
        if (checkpoint) {
          progress++;
          this.metrics.checkpoint('periodic');
        }
      }
      written += progress;
      if (orgs.length < 100 || progress === 0) return written;
    }
  }
}
