import { ApplicationFailure, continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { RetentionActivities } from '../retention/retention.activities';
import type { AuditRetentionInput, AuditRetentionResult } from './retention.contract';

const { purgeAuditBatch, listRetentionTargets } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

const DAY_MS = 24 * 60 * 60 * 1000;
/** Past this many activities the workflow continues as new, so its history stays small. */
const ACTIVITIES_PER_RUN = 500;
const ORGS_PER_PAGE = 100;

const wholeNumber = (name: string, value: unknown): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw ApplicationFailure.nonRetryable(`${name} must be a whole number ≥ 1, got ${String(value)}`, 'retention_invalid');
  }
  return value;
};

/**
 * For every org with an audit chain, deletes the entries recorded longer ago than the org's
 * retention (its own setting, else `retentionDays`), oldest first and batch by batch. Each batch
 * leaves a signed anchor at the last entry it deleted, so the rest of the chain stays verifiable.
 */
export async function auditRetentionWorkflow(input: AuditRetentionInput): Promise<AuditRetentionResult> {
  wholeNumber('retentionDays', input.retentionDays);
  const batchSize = wholeNumber('batchSize', input.batchSize ?? 5000);
  // Date.now() is deterministic inside a workflow: the time the workflow task started.
  const now = Date.now();
  const result: AuditRetentionResult = { ...(input.carried ?? { purged: 0, batches: 0, orgs: 0 }) };
  let activities = 0;
  let afterOrgId = input.afterOrgId ?? '';
  for (;;) {
    const targets = await listRetentionTargets({ afterOrgId, limit: ORGS_PER_PAGE, defaultRetentionDays: input.retentionDays });
    activities++;
    for (const { orgId, retentionDays } of targets) {
      const cutoff = new Date(now - retentionDays * DAY_MS).toISOString();
      for (;;) {
        if (activities >= ACTIVITIES_PER_RUN) {
          // this org is picked up again from the start of its chain: purging is idempotent
          await continueAsNew<typeof auditRetentionWorkflow>({ ...input, afterOrgId, carried: result });
        }
        const n = await purgeAuditBatch({ orgId, cutoff, batchSize });
        activities++;
        result.purged += n;
        result.batches += 1;
        if (n < batchSize) break;
      }
      result.orgs += 1;
      afterOrgId = orgId;
    }
    if (targets.length < ORGS_PER_PAGE) return result;
  }
}
