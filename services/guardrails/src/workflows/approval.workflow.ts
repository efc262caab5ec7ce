import { ApplicationFailure, condition, defineQuery, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ApprovalActivities } from '../approvals/approval.activities';
import {
  APPROVAL_DENIED,
  APPROVAL_EXPIRED,
  type ApprovalDecisionSignal,
  type ApprovalStatus,
  type ApprovalWorkflowInput,
  type ApprovalWorkflowResult,
  DECIDE_SIGNAL,
  STATUS_QUERY,
} from './approval.contract';

export const decideSignal = defineSignal<[ApprovalDecisionSignal]>(DECIDE_SIGNAL);
export const statusQuery = defineQuery<ApprovalStatus>(STATUS_QUERY);

const acts = proxyActivities<ApprovalActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 20 },
});

/**
 * A held action: approvers are notified, then the workflow waits for one `decide` signal until
 * expiresAt. Approved → completes (the caller proceeds); denied or no decision in time → fails
 * with approval_denied / approval_expired (the caller must not proceed). The decision and who
 * made it are recorded and published either way.
 */
export async function approvalWorkflow(input: ApprovalWorkflowInput): Promise<ApprovalWorkflowResult> {
  let decision: ApprovalDecisionSignal | undefined;
  let status: ApprovalStatus = 'pending';
  setHandler(decideSignal, (d) => {
    decision ??= d;
  });
  setHandler(statusQuery, () => status);

  await acts.notifyApprovers(input);
  // Date.now() is the workflow's deterministic clock; the timer survives worker restarts
  const waitMs = Math.max(1, Date.parse(input.expiresAt) - Date.now());
  const decided = await condition(() => decision !== undefined, waitMs);
  const final = decided && decision ? decision : { decision: 'expired' as const, by: 'system:timeout' };
  status = final.decision;
  await acts.recordDecision({ orgId: input.orgId, approvalId: input.approvalId, decision: final.decision, decidedBy: final.by, comment: 'comment' in final ? final.comment : undefined });

  if (final.decision === 'approved') return { approvalId: input.approvalId, decision: 'approved', decidedBy: final.by };
  const what = input.kind === 'tool' ? `call of ${input.tool ?? 'a tool'}` : 'prompt';
  if (final.decision === 'denied') throw ApplicationFailure.nonRetryable(`the ${what} was denied by ${final.by}`, APPROVAL_DENIED);
  throw ApplicationFailure.nonRetryable(`the ${what} was not approved before ${input.expiresAt}`, APPROVAL_EXPIRED);
}
