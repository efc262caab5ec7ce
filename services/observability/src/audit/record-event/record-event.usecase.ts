import { Injectable } from '@nestjs/common';
import { type Envelope, envelopeSchema, EVENT_CONTRACTS } from '@ironcage/contracts';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { Entropy } from '../../common/entropy';
import { storableJson, storableText } from '../chain/canonical-json';
import type { EntryDraft } from '../chain/plan-append';
import { describeEvent } from '../describe/describe-event';
import { AuditIngest, type RecordResult } from './audit-ingest';

export type { RecordResult } from './audit-ingest';

const traceIdOf = (traceparent?: string): string | null => traceparent?.split('-')[1] ?? null;

/**
 * Records one platform event as an audit entry in its org's hash chain, exactly once: a
 * redelivered or re-published event (same org and envelope id) changes nothing and resolves to
 * the entry recorded the first time. Callable from the bus consumer, a backfill job or a test.
 */
@Injectable()
export class RecordEventUseCase {
  constructor(
    private readonly ingest: AuditIngest,
    private readonly entropy: Entropy,
  ) {}

  async execute(envelope: Envelope): Promise<RecordResult> {
    return this.ingest.submit(this.draft(envelope));
  }

  /**
   * For the bus consumer only: the transport has just validated this envelope and its data against
   * the contract (and dropped unknown keys), so they are not parsed a second time on the hot path.
   */
  async executeValidated(envelope: Envelope): Promise<RecordResult> {
    return this.ingest.submit(this.draft(envelope, true));
  }

  /** The entry an event becomes: who, what, on which resource, with what outcome, in which trace. */
  draft(envelope: Envelope, validated = false): EntryDraft {
    let e = envelope;
    if (!validated) {
      const parsed = envelopeSchema.safeParse(envelope);
      if (!parsed.success) throw new ValidationError('Not a platform event envelope', zodIssuesToDetails(parsed.error, 'envelope'));
      e = parsed.data;
    }
    const contract = validated ? undefined : EVENT_CONTRACTS[e.type];
    let data: unknown = e.data;
    if (contract) {
      const checked = contract.schema.safeParse(e.data);
      if (!checked.success) throw new ValidationError(`Not a valid ${e.type} event`, zodIssuesToDetails(checked.error, 'envelope.data'));
      data = checked.data;
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new ValidationError('Not a valid event', [{ path: 'envelope.data', message: 'must be an object' }]);
    }
    const stored = storableJson(data) as Record<string, unknown>;
    const description = describeEvent(e.type, stored, e.source, e.orgId);
    return {
      id: this.entropy.uuid(),
      orgId: e.orgId,
      eventId: e.id,
      action: e.type,
      source: e.source,
      // the chain hashes milliseconds, the precision every reader gets back from Postgres
      occurredAt: new Date(new Date(e.time).getTime()),
      traceId: traceIdOf(e.traceparent),
      ...(e.traceparent ? { traceparent: e.traceparent } : {}),
      actor: description.actor ? (storableJson(description.actor) as EntryDraft['actor']) : null,
      resource: description.resource === null ? null : storableText(description.resource),
      outcome: description.outcome,
      summary: storableText(description.summary),
      data: stored,
    };
  }
}
