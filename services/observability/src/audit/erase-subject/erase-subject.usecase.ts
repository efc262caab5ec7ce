import { Injectable, Logger } from '@nestjs/common';
import { EventPublisher } from '@ironcage/bus';
import { type PrivacyErasureRequested, privacyErasureCompletedEvent, privacyErasureRequestedEvent } from '@ironcage/contracts';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { Clock } from '../../common/clock';
import { AuditRepository, type PersonalRow } from '../audit.repository';
import { AuditSigner } from '../chain/audit-signer';
import { orgIdSchema } from '../query-entries/audit-filters';
import { pseudonymise } from './pseudonymise';

const commandSchema = privacyErasureRequestedEvent.schema.extend({ orgId: orgIdSchema });
export type EraseSubjectCommand = PrivacyErasureRequested & { orgId: string };

const BATCH = 500;

/**
 * GDPR erasure in the audit trail: every entry of the org that names the person gets a pseudonym
 * instead, in its actor, resource, summary and data, and loses its salt — the chain stays
 * verifiable through the stored digests (see docs/observability.md). The erasure is recorded, and
 * its completion is published as `privacy.erasure-completed`, which the trail records in turn.
 * Idempotent: a repeated request finds nothing left to replace and reports again.
 */
@Injectable()
export class EraseSubjectUseCase {
  private readonly logger = new Logger(EraseSubjectUseCase.name);

  constructor(
    private readonly audit: AuditRepository,
    private readonly signer: AuditSigner,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  async execute(command: EraseSubjectCommand): Promise<{ pseudonym: string; entries: number }> {
    const parsed = commandSchema.safeParse(command);
    if (!parsed.success) throw new ValidationError('Not a valid erasure request', zodIssuesToDetails(parsed.error, 'erasure'));
    const { orgId, erasureId, subjectId } = parsed.data;
    const pseudonym = this.signer.pseudonym(orgId, subjectId);
    // recorded before any entry names it, so verification never meets an erasure it does not know
    await this.audit.recordErasure(orgId, erasureId, pseudonym, 0, this.clock.now());
    let entries = 0;
    for (let after = 0; ; ) {
      const rows = await this.audit.entriesMentioning(orgId, subjectId, after, BATCH);
      if (rows.length === 0) break;
      const changed: PersonalRow[] = [];
      for (const r of rows) {
        const p = pseudonymise({ actor: r.actor, resource: r.resource, summary: r.summary, data: r.data }, subjectId, pseudonym);
        if (p.changed) changed.push({ ...r, ...p.value });
      }
      await this.audit.pseudonymise(orgId, erasureId, changed);
      entries += changed.length;
      after = rows[rows.length - 1].seq;
    }
    await this.audit.recordErasure(orgId, erasureId, pseudonym, entries, this.clock.now());
    await this.events.publish(
      privacyErasureCompletedEvent,
      { erasureId, service: 'observability', action: entries > 0 ? 'pseudonymised' : 'none', records: entries, pseudonym },
      { orgId },
    );
    this.logger.log({ msg: 'erasure done in the audit trail', orgId, erasureId, entries });
    return { pseudonym, entries };
  }
}
