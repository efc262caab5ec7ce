import { DomainError, withFailureMapping } from '@ironcage/kit';
import type { AuditMetrics } from '../audit/audit.metrics';
import type { AuditRepository } from '../audit/audit.repository';
import type { AuditSigner } from '../audit/chain/audit-signer';
import type { ChainRepository } from '../audit/chain/chain.repository';
import { signedCheckpoint } from '../audit/chain/plan-append';
import type { Clock } from '../common/clock';
import type { RetentionTarget } from '../workflows/retention.contract';

export interface RetentionDeps {
  audit: Pick<AuditRepository, 'orgsWithChains'>;
  chain: Pick<ChainRepository, 'purgePrefix'>;
  signer: Pick<AuditSigner, 'sign'>;
  clock: Clock;
  metrics?: Pick<AuditMetrics, 'checkpoint'>;
}

/** Activities of the retention workflow, built from injected dependencies. */
export function createRetentionActivities(deps: RetentionDeps) {
  return withFailureMapping({
    /** Orgs with a chain, after `afterOrgId`, with the retention that applies to each. */
    async listRetentionTargets(input: { afterOrgId: string; limit: number; defaultRetentionDays: number }): Promise<RetentionTarget[]> {
      const orgs = await deps.audit.orgsWithChains(input.afterOrgId, input.limit);
      return orgs.map((o) => ({ orgId: o.orgId, retentionDays: o.retentionDays ?? input.defaultRetentionDays }));
    },

    /**
     * Deletes up to `batchSize` of the org's oldest entries recorded before the cutoff and, in the
     * same transaction, signs an anchor checkpoint at the last one deleted: verification starts
     * there afterwards. Returns how many were deleted.
     */
    async purgeAuditBatch(input: { orgId: string; cutoff: string; batchSize: number }): Promise<number> {
      const cutoff = new Date(input.cutoff);
      if (Number.isNaN(cutoff.getTime())) throw new DomainError('retention_invalid_cutoff', `cutoff ${input.cutoff} is not a date`, 'invalid');
      const now = deps.clock.now();
      const { purged, anchor } = await deps.chain.purgePrefix(input.orgId, cutoff, input.batchSize, (last) =>
        signedCheckpoint('anchor', input.orgId, last, now, (s) => deps.signer.sign(s)),
      );
      if (anchor) deps.metrics?.checkpoint('anchor');
      return purged;
    },
  });
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
