import { withFailureMapping } from '@ironcage/kit';
import type { ChainVerificationOutcome } from '../../workflows/verify.contract';
import type { AuditRepository } from '../audit.repository';
import type { VerifyChainUseCase } from './verify-chain.usecase';

export interface VerifyChainDeps {
  audit: Pick<AuditRepository, 'orgsWithChains'>;
  verify: Pick<VerifyChainUseCase, 'verifyAndAnnounce'>;
}

/** Activities of the scheduled chain verification, built from injected dependencies. */
export function createVerifyChainActivities(deps: VerifyChainDeps) {
  return withFailureMapping({
    /** Orgs with a chain, after `afterOrgId` in id order. */
    async listChainOrgs(input: { afterOrgId: string; limit: number }): Promise<string[]> {
      return (await deps.audit.orgsWithChains(input.afterOrgId, input.limit)).map((o) => o.orgId);
    },

    /** Verifies one org's chain and announces a break (once per break); fails, to be retried, when the announcement cannot be published. */
    async verifyOrgChain(input: { orgId: string }): Promise<ChainVerificationOutcome> {
      const { report, announcement } = await deps.verify.verifyAndAnnounce({ orgId: input.orgId }, 'schedule');
      return { orgId: input.orgId, ok: report.ok, announcement };
    },
  });
}

export type VerifyChainActivities = ReturnType<typeof createVerifyChainActivities>;
