import { Injectable, Logger } from '@nestjs/common';
import { EventPublisher } from '@ironcage/bus';
import { EVENT_CONTRACTS } from '@ironcage/contracts';
import { Clock } from '../clock/clock';
import { OutboxRepository } from './outbox.repository';

/**
 * Publishes outbox events with their outbox id as the event id (JetStream drops a re-publish
 * within its duplicate window; consumers are idempotent on the id beyond it). A failure leaves the
 * event pending; the maintenance workflow publishes it later.
 */
@Injectable()
export class OutboxPublisher {
  private readonly logger = new Logger(OutboxPublisher.name);

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
  ) {}

  /** Publishes the given pending events; returns how many went out. Never throws. */
  async publish(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    let rows;
    try {
      rows = await this.outbox.load(ids);
    } catch (e) {
      this.logger.warn({ err: e, ids }, 'cannot read the outbox; the maintenance workflow will publish later');
      return 0;
    }
    const done: string[] = [];
    for (const row of rows) {
      const contract = EVENT_CONTRACTS[row.subject];
      if (!contract) {
        this.logger.error({ id: row.id, subject: row.subject }, 'outbox event has no contract; left pending');
        continue;
      }
      try {
        await this.publisher.publish(contract, row.data as never, { orgId: row.orgId, id: row.id });
        done.push(row.id);
      } catch (e) {
        this.logger.warn({ err: e, id: row.id, subject: row.subject }, 'publishing failed; the maintenance workflow retries');
      }
    }
    await this.outbox.markPublished(done, this.clock.now()).catch((e: unknown) => this.logger.warn({ err: e }, 'cannot mark events published; they may be published again'));
    return done.length;
  }
}
