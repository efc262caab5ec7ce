import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BusConnection, decodeEvent } from '@ironcage/bus';
import { credentialRevokedEvent, credentialRotatedEvent, STREAMS } from '@ironcage/contracts';
import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import { LeasedCredentialSource } from './leased-credential-source';



/**
 * Every replica reads `credential.rotated` and `credential.revoked` on its own ordered (ephemeral)
 * JetStream consumer — not a shared durable one, which would hand each event to one replica only —
 * and drops the leases of that credential at once. After a bus reconnect every lease is renewed at
 * its next use (events may have been missed). When the CREDENTIALS stream does not exist yet (the
 * credentials service not started), the subscription is retried in the background.
 */
@Injectable()
export class CredentialLeaseEvents implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CredentialLeases');
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private unsubscribe?: () => void;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly bus: BusConnection,
    private readonly source: LeasedCredentialSource,
    private readonly enabled: boolean,
    private readonly retryMs = 2_000,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    this.unsubscribe = this.bus.onStatus((status) => {
      if (status.type === 'reconnect') {
        this.source.renewAll();
        this.logger.log('bus reconnected: every credential lease is renewed at its next use');
      }
    });
    await this.subscribe();
  }

  private async subscribe(): Promise<void> {
    if (this.stopped) return;
    try {
      const consumer = await this.bus.js.consumers.get(this.bus.naming.stream(STREAMS.credentials.name), {
        filter_subjects: [this.bus.naming.subject(credentialRotatedEvent.subject), this.bus.naming.subject(credentialRevokedEvent.subject)],
        deliver_policy: DeliverPolicy.New,
      });
      this.messages = await consumer.consume();
      this.loop = this.run(this.messages);
    } catch (err) {
      this.logger.warn({ msg: 'cannot read credential events yet; retrying', err: (err as Error).message });
      this.retry = setTimeout(() => void this.subscribe(), this.retryMs);
    }
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    const rotated = this.bus.naming.subject(credentialRotatedEvent.subject);
    try {
      for await (const m of messages) {
        const contract = m.subject === rotated ? credentialRotatedEvent : credentialRevokedEvent;
        const decoded = decodeEvent(m.data, contract);
        if (!decoded.ok) {
          this.logger.warn({ msg: `ignoring an undecodable ${contract.subject}`, reason: decoded.reason });
          continue;
        }
        const { credentialId } = decoded.envelope.data as { credentialId: string };
        const dropped = this.source.dropCredential(credentialId, contract === credentialRotatedEvent ? 'rotated' : 'revoked');
        this.logger.log({ msg: 'dropped credential leases', event: contract.subject, credentialId, dropped });
      }
    } catch (err) {
      this.logger.error({ msg: 'credential event listener stopped; leases are renewed at renewAfter only', err });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.unsubscribe?.();
    await this.messages?.close();
    await this.loop;
  }
}
