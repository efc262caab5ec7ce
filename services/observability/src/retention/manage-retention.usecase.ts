import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher } from '@ironcage/bus';
import { adminChangedEvent } from '@ironcage/contracts';
import { CONFIG, ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { z } from 'zod';
import { AuditError, AuditErrorCode } from '../audit/audit.exception';
import { AuditRepository } from '../audit/audit.repository';
import { orgIdSchema } from '../audit/query-entries/audit-filters';
import { Clock } from '../common/clock';
import type { ObservabilityConfig } from '../config';

export const retentionPathSchema = z.strictObject({ orgId: orgIdSchema.describe('Organisation') });
export const setRetentionSchema = z.strictObject({
  retentionDays: z.number().int().min(1).max(36500).describe('Entries recorded longer ago than this many days are purged'),
});

export interface RetentionView {
  orgId: string;
  retentionDays: number;
  /** `org` when the org has a setting of its own, `default` when AUDIT_RETENTION_DAYS applies. */
  source: 'org' | 'default';
  updatedAt: string | null;
}

/** The actor of changes made with the bootstrap admin key (the only way in, for now). */
const ADMIN_ACTOR = 'platform-admin';

/**
 * How long each org keeps its audit trail. A change is itself announced as `admin.changed`, so it
 * lands in the org's audit trail like any other administrative change.
 */
@Injectable()
export class ManageRetentionUseCase {
  constructor(
    private readonly audit: AuditRepository,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: ObservabilityConfig,
  ) {}

  async get(orgId: string): Promise<RetentionView> {
    const id = this.orgId(orgId);
    const own = await this.audit.retention(id);
    return own
      ? { orgId: id, retentionDays: own.retentionDays, source: 'org', updatedAt: own.updatedAt.toISOString() }
      : { orgId: id, retentionDays: this.config.AUDIT_RETENTION_DAYS, source: 'default', updatedAt: null };
  }

  async set(orgId: string, body: z.input<typeof setRetentionSchema>): Promise<RetentionView> {
    const id = this.orgId(orgId);
    const parsed = setRetentionSchema.safeParse(body);
    if (!parsed.success) throw new ValidationError('The request body is invalid', zodIssuesToDetails(parsed.error, 'body'));
    const before = await this.audit.retention(id);
    const saved = await this.audit.setRetention(id, parsed.data.retentionDays, this.clock.now());
    await this.announce(id, 'audit_retention.updated', { retentionDays: saved.retentionDays, previousRetentionDays: before?.retentionDays ?? this.config.AUDIT_RETENTION_DAYS });
    return { orgId: id, retentionDays: saved.retentionDays, source: 'org', updatedAt: saved.updatedAt.toISOString() };
  }

  async clear(orgId: string): Promise<RetentionView> {
    const id = this.orgId(orgId);
    const before = await this.audit.retention(id);
    if (!before || !(await this.audit.clearRetention(id))) {
      throw new AuditError(AuditErrorCode.RetentionNotFound, `Organisation ${id} has no retention setting of its own`);
    }
    await this.announce(id, 'audit_retention.reset', { retentionDays: this.config.AUDIT_RETENTION_DAYS, previousRetentionDays: before.retentionDays });
    return this.get(id);
  }

  private orgId(orgId: string): string {
    const parsed = retentionPathSchema.safeParse({ orgId });
    if (!parsed.success) throw new ValidationError('The request path is invalid', zodIssuesToDetails(parsed.error, 'param'));
    return parsed.data.orgId;
  }

  private async announce(orgId: string, action: string, changes: Record<string, unknown>): Promise<void> {
    await this.events.publish(
      adminChangedEvent,
      { actorId: ADMIN_ACTOR, action, resourceType: 'audit_retention', resourceId: orgId, changes: { ...changes, actorType: 'admin' } },
      { orgId },
    );
  }
}
