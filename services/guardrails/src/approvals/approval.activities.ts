import { approvalDecidedEvent, approvalRequestedEvent } from '@ironcage/contracts';
import { withFailureMapping } from '@ironcage/kit';
import type { DecisionEvents } from '../common/decision-events';
import type { ApprovalWorkflowInput } from '../workflows/approval.contract';
import type { ApprovalRepository } from './approval.repository';

export interface ApprovalDeps {
  approvals: Pick<ApprovalRepository, 'find' | 'decide'>;
  events: Pick<DecisionEvents, 'publish'>;
  now?: () => Date;
}

/** Activities of the approval workflow, built from injected dependencies. */
export function createApprovalActivities(deps: ApprovalDeps) {
  const now = deps.now ?? (() => new Date());
  return withFailureMapping({
    /** approvers are notified from this event (idempotent: the event id is fixed). */
    async notifyApprovers(input: ApprovalWorkflowInput): Promise<void> {
      await deps.events.publish(
        approvalRequestedEvent,
        {
          approvalId: input.approvalId,
          ...(input.requestId ? { requestId: input.requestId } : {}),
          ...(input.principal ? { principal: input.principal } : {}),
          kind: input.kind,
          ...(input.tool ? { tool: input.tool } : {}),
          risk: input.risk,
          reason: input.reason,
          ...(input.argumentsPreview ? { argumentsPreview: input.argumentsPreview } : {}),
          ...(input.approvers ? { approvers: input.approvers } : {}),
          expiresAt: input.expiresAt,
        },
        input.orgId,
        `${input.approvalId}:requested`,
      );
    },

    /** Stores the decision and who made it, and publishes it for the audit trail. */
    async recordDecision(input: { orgId: string; approvalId: string; decision: 'approved' | 'denied' | 'expired'; decidedBy: string; comment?: string }): Promise<void> {
      const at = now();
      await deps.approvals.decide(input.orgId, input.approvalId, input.decision, input.decidedBy, input.comment ?? null, at);
      const row = await deps.approvals.find(input.orgId, input.approvalId);
      await deps.events.publish(
        approvalDecidedEvent,
        {
          approvalId: input.approvalId,
          ...(row?.requestId ? { requestId: row.requestId } : {}),
          ...(row?.principal ? { principal: row.principal as { keyId: string } } : {}),
          kind: row?.kind ?? 'tool',
          ...(row?.tool ? { tool: row.tool } : {}),
          decision: input.decision,
          decidedBy: input.decidedBy,
          ...(input.comment ? { comment: input.comment } : {}),
          decidedAt: (row?.decidedAt ?? at).toISOString(),
        },
        input.orgId,
        `${input.approvalId}:decided`,
      );
    },
  });
}

export type ApprovalActivities = ReturnType<typeof createApprovalActivities>;
