import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { type Envelope, envelopeSchema } from '@ironcage/contracts';
import { ValidationError, zodIssuesToDetails } from '@ironcage/kit';
import { AuditRepository } from '../audit.repository';

export interface RecordEventResult {
  recorded: boolean;
  entryId?: string;
}

const traceIdOf = (traceparent?: string): string | null => traceparent?.split('-')[1] ?? null;

/** What an entry says about the actor, resource and outcome, from the fields events commonly carry. */
function describe(data: Record<string, unknown>): { actor: Record<string, unknown> | null; resource: string | null; outcome: string | null } {
  const principal = typeof data.principal === 'object' && data.principal !== null ? (data.principal as Record<string, unknown>) : null;
  const actorId = typeof data.actorId === 'string' ? { actorId: data.actorId } : null;
  const resource = [data.model, data.resourceId, data.documentId, data.credentialId, data.agentId, data.sandboxId].find((v) => typeof v === 'string');
  const status = data.status;
  const outcome =
    typeof status === 'number' ? (status < 400 ? 'success' : 'failure') : typeof data.action === 'string' ? data.action : typeof data.state === 'string' ? data.state : null;
  return { actor: principal ?? actorId, resource: (resource as string | undefined) ?? null, outcome };
}

/**
 * Records one platform event as an audit entry, exactly once: a redelivered or re-published event
 * (same envelope id) changes nothing. Callable from the bus consumer, a backfill job or a test.
 */
@Injectable()
export class RecordEventUseCase {
  private readonly logger = new Logger(RecordEventUseCase.name);

  constructor(private readonly audit: AuditRepository) {}

  async execute(envelope: Envelope): Promise<RecordEventResult> {
    const parsed = envelopeSchema.safeParse(envelope);
    if (!parsed.success) throw new ValidationError('Not a platform event envelope', zodIssuesToDetails(parsed.error, 'envelope'));
    const data = (typeof envelope.data === 'object' && envelope.data !== null ? envelope.data : {}) as Record<string, unknown>;
    const id = randomUUID();
    const recorded = await this.audit.insertIfAbsent({
      id,
      orgId: envelope.orgId,
      eventId: envelope.id,
      action: envelope.type,
      source: envelope.source,
      occurredAt: new Date(envelope.time),
      traceId: traceIdOf(envelope.traceparent),
      ...describe(data),
      data,
    });
    if (!recorded) this.logger.debug({ eventId: envelope.id }, 'event already recorded; ignoring the redelivery');
    return recorded ? { recorded, entryId: id } : { recorded };
  }
}
