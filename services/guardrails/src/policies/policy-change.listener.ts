import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BusConnection } from '@ironcage/bus';
import { EVENTS } from '@ironcage/contracts';
import type { Subscription } from '@nats-io/nats-core';
import { PolicyCache } from './policy-cache';

/**
 * Hot reload: every replica hears every policy.changed event. A JetStream durable consumer would
 * split the events between replicas (the bus shares one per service), so this listens with a plain
 * core-NATS subscription on the same subject, which every subscriber receives. A replica that was
 * disconnected may have missed events: it drops its whole cache on reconnect.
 */
@Injectable()
export class PolicyChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PolicyChangeListener.name);
  private subscription?: Subscription;
  private unwatch?: () => void;

  constructor(
    private readonly bus: BusConnection,
    private readonly cache: PolicyCache,
  ) {}

  onApplicationBootstrap(): void {
    const decoder = new TextDecoder();
    this.subscription = this.bus.nc.subscribe(this.bus.naming.subject(EVENTS.policyChanged), {
      callback: (err, msg) => {
        if (err) {
          this.logger.warn({ msg: 'policy.changed subscription error; dropping the policy cache', reason: err.message });
          this.cache.clear();
          return;
        }
        try {
          const envelope = JSON.parse(decoder.decode(msg.data)) as { orgId?: unknown };
          if (typeof envelope.orgId === 'string') this.cache.evict(envelope.orgId);
          else this.cache.clear();
        } catch {
          this.cache.clear();
        }
      },
    });
    this.unwatch = this.bus.onStatus((status) => {
      if (status.type === 'reconnect') this.cache.clear();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.unwatch?.();
    if (this.subscription && !this.subscription.isClosed()) this.subscription.unsubscribe();
  }
}
