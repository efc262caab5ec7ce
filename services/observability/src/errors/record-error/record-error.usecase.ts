import { Inject, Injectable } from '@nestjs/common';
import { PermanentEventError } from '@ironcage/bus';
import { type Envelope, errorReportedEvent } from '@ironcage/contracts';
import { CONFIG } from '@ironcage/kit';
import type { ObservabilityConfig } from '../../config';
import { ErrorsRepository } from '../errors.repository';

/** How long an occurrence is kept even beyond the per-group cap, so a redelivery of it is still recognised. */
export const OCCURRENCE_DEDUPE_WINDOW_SECONDS = 600;

/** Folds one `error.reported` event into its group; a redelivered event (same id) changes nothing. */
@Injectable()
export class RecordErrorUseCase {
  constructor(
    private readonly repo: ErrorsRepository,
    @Inject(CONFIG) private readonly config: Pick<ObservabilityConfig, 'ERRORS_OCCURRENCES_PER_GROUP'>,
  ) {}

  /** True when stored, false when it was a duplicate. */
  async execute(envelope: Envelope): Promise<boolean> {
    const parsed = errorReportedEvent.schema.safeParse(envelope.data);
    if (!parsed.success) throw new PermanentEventError(`error.reported event ${envelope.id} is invalid`);
    const d = parsed.data;
    return this.repo.record(
      {
        eventId: envelope.id,
        orgId: envelope.orgId,
        fingerprint: d.fingerprint,
        errorId: d.errorId,
        service: d.service,
        name: d.name,
        where: d.where,
        message: d.message,
        stack: d.stack,
        traceId: d.traceId ?? null,
        count: d.count,
        occurredAt: new Date(d.occurredAt),
      },
      this.config.ERRORS_OCCURRENCES_PER_GROUP,
      OCCURRENCE_DEDUPE_WINDOW_SECONDS,
    );
  }
}
