import type { Principal } from '@ironcage/contracts';
import type { Risk } from '../policies/policy-document';

export interface ApprovalRequest {
  orgId: string;
  kind: 'tool' | 'prompt';
  requestId?: string;
  principal?: Principal;
  tool?: string;
  risk: Risk;
  reason: string;
  /** Already redacted. */
  argumentsPreview?: string;
  approvers?: string[];
  timeoutSeconds: number;
}

export interface PendingApproval {
  approvalId: string;
  expiresAt: string;
}

/** Starts the approval workflow for a held action (implemented by approvals/, used by scan and tools). */
export abstract class ApprovalRequester {
  abstract request(input: ApprovalRequest): Promise<PendingApproval>;
}
