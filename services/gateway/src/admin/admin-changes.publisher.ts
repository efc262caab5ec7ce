import { Injectable, Logger } from '@nestjs/common';
import { EventPublisher } from '@ironcage/bus';
import { type AdminChanged, adminChangedEvent } from '@ironcage/contracts';
import { CredentialCache } from '../auth/credential-cache';
import { invalidatedIds } from '../auth/credential-invalidation';
import type { Actor } from '../tenancy/actor';

/** Who made a change: an admin actor, or a key holder acting for themselves (self-service). */
export type ChangeActor = Actor | { readonly type: 'key'; readonly id: string; readonly userId?: string };

export interface AdminChange {
  /** `<resource>.<verb>`: `team.created`, `key.revoked`, `access_request.approved`, … */
  action: string;
  resourceType: 'org' | 'team' | 'project' | 'user' | 'membership' | 'key' | 'admin_key' | 'access_request';
  resourceId: string;
  /** What changed: ids and settings, never key material or metadata values. */
  changes?: Record<string, unknown>;
}

/**
 * Announces every administrative change as `admin.changed` (the audit trail records it; every
 * gateway replica drops the cached keys it touches). The change is already committed when this
 * runs: this replica's cache is cleared first, then the event is published. A bus failure is
 * logged, not thrown — the change stands, other replicas catch up within the cache TTL.
 */
@Injectable()
export class AdminChangesPublisher {
  private readonly logger = new Logger('AdminChanges');

  constructor(
    private readonly events: EventPublisher,
    private readonly cache: CredentialCache,
  ) {}

  async record(actor: ChangeActor, orgId: string, change: AdminChange): Promise<void> {
    const data: AdminChanged = {
      actorId: actor.id,
      action: change.action,
      resourceType: change.resourceType,
      resourceId: change.resourceId,
      changes: { ...change.changes, actorType: actor.type, ...(actor.type !== 'platform' && actor.userId ? { actorUserId: actor.userId } : {}) },
    };
    this.cache.evictReferencing(invalidatedIds(data));
    try {
      await this.events.publish(adminChangedEvent, data, { orgId });
    } catch (err) {
      this.logger.error({ msg: 'admin.changed could not be published; other replicas rely on the cache TTL', err, action: change.action, resourceId: change.resourceId, orgId });
    }
  }
}
