import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { EnforcementRepository } from '../enforcement/enforcement.repository';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { OutboxRepository } from '../outbox/outbox.repository';

const DAY = 86_400_000;

/**
 * The budget's housekeeping, run by the maintenance workflow on a Temporal schedule (or a timer
 * when Temporal is off): release reservations whose requests never settled, publish events the
 * outbox still owes, forget old reservations and published events.
 */
@Injectable()
export class MaintenanceUseCase {
  constructor(
    private readonly enforcement: EnforcementRepository,
    private readonly outbox: OutboxRepository,
    private readonly publisher: OutboxPublisher,
    private readonly clock: Clock,
  ) {}

  /** Releases every expired reservation, a batch per transaction; returns how many. */
  async expireReservations(batchSize = 500, maxBatches = 100): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await this.enforcement.expire(this.clock.now(), batchSize);
      total += n;
      if (n < batchSize) break;
    }
    return total;
  }

  /** Publishes outbox events older than `graceMs` (younger ones are being published by the request that wrote them). */
  async publishPending(graceMs = 5000, batchSize = 500): Promise<number> {
    const ids = await this.outbox.pendingIds(new Date(this.clock.now().getTime() - graceMs), batchSize);
    return this.publisher.publish(ids);
  }

  async purge(settledDays = 1, expiredDays = 7, publishedDays = 7, batchSize = 5000): Promise<number> {
    const now = this.clock.now().getTime();
    const reservations = await this.enforcement.purge(new Date(now - settledDays * DAY), new Date(now - expiredDays * DAY), batchSize);
    const events = await this.outbox.purgePublished(new Date(now - publishedDays * DAY), batchSize);
    return reservations + events;
  }
}
