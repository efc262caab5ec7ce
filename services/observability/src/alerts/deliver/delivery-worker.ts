import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventPublisher } from '@ironcage/bus';
import { alertNotifiedEvent } from '@ironcage/contracts';
import { CONFIG } from '@ironcage/kit';
import { Clock } from '../../common/clock';
import type { ObservabilityConfig } from '../../config';
import { AlertsRepository, type DueDelivery } from '../alerts.repository';
import type { ChannelSecrets } from '../channels/channel.schema';
import { sealContext } from '../channels/manage-channels.usecase';
import { SecretBox } from '../channels/secret-box';
import { Notifier } from './notifier';
import { renderAlert } from './render';
import { DeliveryFailure, retryDelayMs } from './retry-policy';

const BATCH = 32;

/** Replaces every secret of the channel that an error message might echo. */
export function scrub(text: string, secrets: ChannelSecrets): string {
  let out = text;
  for (const s of Object.values(secrets)) if (typeof s === 'string' && s.length >= 4) out = out.split(s).join('[secret]');
  return out.slice(0, 1024);
}

/**
 * Sends queued notifications (the `alert_deliveries` outbox): claims due ones with
 * `FOR UPDATE SKIP LOCKED` (so replicas share the work), sends, and settles each as delivered,
 * pending again after a backoff, or failed — the dead letter — after ALERTS_DELIVERY_MAX_ATTEMPTS
 * attempts or a refusal no retry can change. Each settled delivery is announced as alert.notified.
 * A claim is a lease: a replica that dies mid-send leaves the delivery due again once it expires.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AlertDelivery');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly repo: AlertsRepository,
    private readonly notifier: Notifier,
    private readonly box: SecretBox,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: ObservabilityConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.config.ALERTS_DISPATCH_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Look for due deliveries now (after a transition queued some). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((e: unknown) => this.logger.error({ msg: 'alert delivery round failed; next round will retry', reason: (e as Error).message }))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    for (;;) {
      this.again = false;
      const leaseMs = this.config.ALERTS_DELIVERY_TIMEOUT_MS * 3;
      const due = await this.repo.claimDeliveries(this.clock.now(), BATCH, leaseMs);
      await Promise.all(due.map((d) => this.deliver(d)));
      if (due.length < BATCH || this.stopped) return;
    }
  }

  private async deliver(d: DueDelivery): Promise<void> {
    let secrets: ChannelSecrets = {};
    try {
      if (!d.channel) throw new DeliveryFailure('the channel was deleted', false);
      secrets = this.box.open(d.channel.sealedSecrets, sealContext(d.channel.orgId, d.channel.id));
      const now = this.clock.now();
      const sent = await this.notifier.send(d, secrets, renderAlert(d), now);
      await this.repo.settleDelivery(d.id, { status: 'delivered', lastStatus: sent.status, settledAt: this.clock.now() });
      void this.announce(d, 'delivered', sent.status);
    } catch (e) {
      const failure = e instanceof DeliveryFailure ? e : new DeliveryFailure((e as Error).message, true);
      const reason = scrub(failure.message, secrets);
      const where = { deliveryId: d.id, alertId: d.alertId, channelId: d.channelId, kind: d.channelKind, attempt: d.attempts, reason };
      if (failure.retryable && d.attempts < this.config.ALERTS_DELIVERY_MAX_ATTEMPTS) {
        const delay = retryDelayMs(d.attempts, { baseMs: this.config.ALERTS_RETRY_BASE_MS, maxMs: this.config.ALERTS_RETRY_MAX_MS }, Math.random, failure.retryAfterMs);
        this.logger.warn({ msg: 'alert delivery failed; will retry', ...where, retryInMs: delay });
        await this.repo.settleDelivery(d.id, { status: 'pending', nextAttemptAt: new Date(this.clock.now().getTime() + delay), lastStatus: failure.status, lastError: reason });
        return;
      }
      const final = failure.retryable ? `gave up after ${d.attempts} attempts: ${reason}` : `not retryable: ${reason}`;
      this.logger.error({ msg: 'alert delivery dead-lettered', ...where, reason: final });
      await this.repo.settleDelivery(d.id, { status: 'failed', lastStatus: failure.status, lastError: final, settledAt: this.clock.now() });
      void this.announce(d, 'failed', failure.status, final);
    }
  }

  /** Settled is settled: a failed announcement is logged, never turned into another attempt. */
  private async announce(d: DueDelivery, outcome: 'delivered' | 'failed', responseStatus?: number, reason?: string): Promise<void> {
    await this.events
      .publish(
      alertNotifiedEvent,
      {
        deliveryId: d.id,
        alertId: d.alertId,
        ruleId: d.alert.ruleId,
        channelId: d.channelId,
        channelKind: d.channelKind,
        notification: d.notification,
        outcome,
        attempts: d.attempts,
        ...(responseStatus !== undefined ? { responseStatus } : {}),
        ...(reason ? { reason } : {}),
      },
      { orgId: d.orgId, id: `alert-notified:${d.id}` },
    )
      .catch((e: unknown) => this.logger.error({ msg: 'could not announce a settled alert delivery', deliveryId: d.id, reason: (e as Error).message }));
  }
}
