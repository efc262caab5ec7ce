import type { Principal } from '@ironcage/contracts';

/** Names shared by the approval workflow, its starter and the REST/RPC that signal and read it. */
export const GUARDRAILS_TASK_QUEUE = 'guardrails';
export const APPROVAL_WORKFLOW = 'approvalWorkflow';
export const DECIDE_SIGNAL = 'decide';
export const STATUS_QUERY = 'status';
export const approvalWorkflowId = (approvalId: string) => `guardrails-approval-${approvalId}`;

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';

export interface ApprovalWorkflowInput {
  approvalId: string;
  orgId: string;
  kind: 'tool' | 'prompt';
  requestId?: string;
  principal?: Principal;
  tool?: string;
  risk: 'low' | 'medium' | 'high' | 'critical';
  reason: string;
  argumentsPreview?: string;
  approvers?: string[];
  /** ISO time after which nobody can decide any more: the action is denied. */
  expiresAt: string;
}

export interface ApprovalDecisionSignal {
  decision: 'approved' | 'denied';
  by: string;
  comment?: string;
}

export interface ApprovalWorkflowResult {
  approvalId: string;
  decision: 'approved';
  decidedBy: string;
}

/** Failure types the workflow ends with when the action must not go ahead. */
export const APPROVAL_DENIED = 'approval_denied';
export const APPROVAL_EXPIRED = 'approval_expired';
