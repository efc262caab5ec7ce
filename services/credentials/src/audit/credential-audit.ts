import { Injectable } from '@nestjs/common';
import { EventPublisher, type EventInput } from '@ironcage/bus';
import {
  credentialAccessedEvent,
  credentialRevokedEvent,
  credentialRotatedEvent,
  credentialRotationDueEvent,
} from '@ironcage/contracts';

/**
 * Publishes the credentials audit trail. Every call waits for JetStream to store the event, so an
 * access that could not be audited fails instead of happening silently. Payloads are ids,
 * versions and names — the contracts have no field that could hold a value.
 */
@Injectable()
export class CredentialAudit {
  constructor(private readonly publisher: EventPublisher) {}

  async accessed(orgId: string, data: EventInput<typeof credentialAccessedEvent>, id?: string): Promise<void> {
    await this.publisher.publish(credentialAccessedEvent, data, { orgId, ...(id ? { id } : {}) });
  }

  /** `id` makes a retried stage publish once (JetStream de-duplicates on it). */
  async rotated(orgId: string, data: EventInput<typeof credentialRotatedEvent>, id?: string): Promise<void> {
    await this.publisher.publish(credentialRotatedEvent, data, { orgId, ...(id ? { id } : {}) });
  }

  async revoked(orgId: string, data: EventInput<typeof credentialRevokedEvent>, id?: string): Promise<void> {
    await this.publisher.publish(credentialRevokedEvent, data, { orgId, ...(id ? { id } : {}) });
  }

  async rotationDue(orgId: string, data: EventInput<typeof credentialRotationDueEvent>, id?: string): Promise<void> {
    await this.publisher.publish(credentialRotationDueEvent, data, { orgId, ...(id ? { id } : {}) });
  }
}
