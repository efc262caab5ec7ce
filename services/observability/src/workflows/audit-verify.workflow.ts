import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { VerifyChainActivities } from '../audit/verify-chain/verify-chain.activities';
import type { AuditVerifyInput, AuditVerifyResult } from './verify.contract';

const { listChainOrgs } = proxyActivities<VerifyChainActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});
// one org's chain is walked in one call, in bounded memory but in time linear in its length
const { verifyOrgChain } = proxyActivities<VerifyChainActivities>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 5 },
});

/** Past this many activities the workflow continues as new, so its history stays small. */
const ACTIVITIES_PER_RUN = 500;
const ORGS_PER_PAGE = 100;
const BROKEN_LISTED = 100;

/**
 * Verifies the audit chain of every org that has one, org by org (AUDIT_VERIFY_CRON), so a
 * deleted, altered or inserted entry — or a forged checkpoint — is found without anyone asking.
 * Each break is announced once as `audit.chain-broken` (the verification use case derives the
 * event id from the break), which alert rules can route to a channel.
 */
export async function auditVerifyWorkflow(input: AuditVerifyInput = {}): Promise<AuditVerifyResult> {
  const result: AuditVerifyResult = { ...(input.carried ?? { orgs: 0, broken: 0, announced: 0, brokenOrgs: [] }) };
  let activities = 0;
  let afterOrgId = input.afterOrgId ?? '';
  for (;;) {
    const orgs = await listChainOrgs({ afterOrgId, limit: ORGS_PER_PAGE });
    activities++;
    for (const orgId of orgs) {
      if (activities >= ACTIVITIES_PER_RUN) await continueAsNew<typeof auditVerifyWorkflow>({ afterOrgId, carried: result });
      const outcome = await verifyOrgChain({ orgId });
      activities++;
      result.orgs += 1;
      if (!outcome.ok) {
        result.broken += 1;
        if (outcome.announcement === 'published') result.announced += 1;
        if (result.brokenOrgs.length < BROKEN_LISTED) result.brokenOrgs.push(orgId);
      }
      afterOrgId = orgId;
    }
    if (orgs.length < ORGS_PER_PAGE) return result;
  }
}
