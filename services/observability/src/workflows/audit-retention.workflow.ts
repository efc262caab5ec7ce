import { ApplicationFailure, continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { RetentionActivities } from '../retention/retention.activities';
import type { AuditRetentionInput, AuditRetentionResult } from './retention.contract';

const { purgeAuditBatch } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

const DAY_MS = 24 * 60 * 60 * 1000;
/** Past this many batches the workflow continues as new, so its history stays small. */
const BATCHES_PER_RUN = 500;

/** Deletes audit entries older than the retention period, batch by batch, until none are left. */
export async function auditRetentionWorkflow(input: AuditRetentionInput): Promise<AuditRetentionResult> {
  const batchSize = input.batchSize ?? 5000;
  if (!Number.isInteger(input.retentionDays) || input.retentionDays < 1) {
    throw ApplicationFailure.nonRetryable(`retentionDays must be a whole number ≥ 1, got ${input.retentionDays}`, 'retention_invalid');
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw ApplicationFailure.nonRetryable(`batchSize must be a whole number ≥ 1, got ${batchSize}`, 'retention_invalid');
  }
  // Date.now() is deterministic inside a workflow: the time the workflow task started.
  const cutoff = new Date(Date.now() - input.retentionDays * DAY_MS).toISOString();
  let purged = 0;
  let batches = 0;
  for (;;) {
    const n = await purgeAuditBatch({ cutoff, batchSize });
    purged += n;
    batches += 1;
    if (n < batchSize) break;
    if (batches >= BATCHES_PER_RUN) await continueAsNew<typeof auditRetentionWorkflow>(input);
  }
  return { cutoff, purged, batches };
}
