import { DomainError, withFailureMapping } from '@ironcage/kit';
import type { AuditRepository } from '../audit/audit.repository';

export interface RetentionDeps {
  audit: Pick<AuditRepository, 'purgeBefore'>;
}

/** Activities of the retention workflow, built from injected dependencies. */
export function createRetentionActivities(deps: RetentionDeps) {
  return withFailureMapping({
    async purgeAuditBatch(input: { cutoff: string; batchSize: number }): Promise<number> {
      const cutoff = new Date(input.cutoff);
      if (Number.isNaN(cutoff.getTime())) throw new DomainError('retention_invalid_cutoff', `cutoff ${input.cutoff} is not a date`, 'invalid');
      return deps.audit.purgeBefore(cutoff, input.batchSize);
    },
  });
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
