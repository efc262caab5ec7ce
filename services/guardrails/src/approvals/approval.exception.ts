import { DomainError, type ErrorCategory } from '@ironcage/kit';

export enum ApprovalErrorCode {
  NotFound = 'approval_not_found',
  AlreadyDecided = 'approval_already_decided',
  NotAnApprover = 'approval_not_an_approver',
  Unavailable = 'approval_unavailable',
}

const CATEGORY: Record<ApprovalErrorCode, ErrorCategory> = {
  [ApprovalErrorCode.NotFound]: 'not_found',
  [ApprovalErrorCode.AlreadyDecided]: 'conflict',
  [ApprovalErrorCode.NotAnApprover]: 'forbidden',
  [ApprovalErrorCode.Unavailable]: 'unavailable',
};

/** Failures of human-in-the-loop approvals. */
export class ApprovalError extends DomainError<ApprovalErrorCode> {
  constructor(code: ApprovalErrorCode, message: string) {
    super(code, message, CATEGORY[code]);
  }
}
