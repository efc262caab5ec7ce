import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BusConnection, decodeEvent } from '@ironcage/bus';
import { type AdminChanged, adminChangedEvent } from '@ironcage/contracts';
import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import { CredentialCache } from './credential-cache';

/** Ids an admin change touches: cached keys referencing any of them are dropped. */
export function invalidatedIds(change: AdminChanged): string[] {
  const ids = [change.resourceId];
  for (const field of ['keyId', 'userId', 'teamId', 'projectId', 'orgId'] as const) {
    const v = change.changes?.[field];
    if (typeof v === 'string') ids.push(v);
  }
  return ids;
}

/**
 * Every replica listens to `admin.changed` on its own ordered (ephemeral) JetStream consumer —
 * not the shared durable one, which would hand each event to one replica only — and drops the
 * cached keys the change touches, so revocations reach every replica in milliseconds. After a
 * bus reconnect the whole cache is dropped (events may have been missed); the cache TTL is the
 * last safety net.
 */
@Injectable()
export class CredentialInvalidationListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CredentialInvalidation');
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private unsubscribe?: () => void;

  constructor(
    private readonly bus: BusConnection,
    private readonly cache: CredentialCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = this.bus.onStatus((status) => {
      if (status.type === 'reconnect') {
        this.cache.clear();
        this.logger.log('bus reconnected: dropped every cached key');
      }
    });
    const consumer = await this.bus.js.consumers.get(this.bus.naming.stream(adminChangedEvent.stream), {
      filter_subjects: [this.bus.naming.subject(adminChangedEvent.subject)],
      deliver_policy: DeliverPolicy.New,
    });
    this.messages = await consumer.consume();
    this.loop = this.run(this.messages);
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const m of messages) {
        const decoded = decodeEvent(m.data, adminChangedEvent);
        if (!decoded.ok) {
          this.logger.warn({ msg: 'ignoring an undecodable admin.changed', reason: decoded.reason });
          continue;
        }
        const evicted = this.cache.evictReferencing(invalidatedIds(decoded.envelope.data as AdminChanged));
        if (evicted) this.logger.debug({ msg: 'dropped cached keys', evicted, action: (decoded.envelope.data as AdminChanged).action });
      }
    } catch (err) {
      this.logger.error({ msg: 'admin.changed listener stopped; relying on the cache TTL', err });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.messages?.close();
    await this.loop;
  }
}
