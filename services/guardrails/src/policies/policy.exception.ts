import { DomainError, type ErrorCategory, type ErrorDetail } from '@ironcage/kit';

export enum PolicyErrorCode {
  /** The YAML does not parse or breaks the policy format; details name each field with its line. */
  Invalid = 'policy_invalid',
  /** No such version for this org and scope. */
  VersionNotFound = 'policy_version_not_found',
  /** The version is already the active one. */
  AlreadyActive = 'policy_already_active',
}

const CATEGORY: Record<PolicyErrorCode, ErrorCategory> = {
  [PolicyErrorCode.Invalid]: 'invalid',
  [PolicyErrorCode.VersionNotFound]: 'not_found',
  [PolicyErrorCode.AlreadyActive]: 'conflict',
};

/** Every failure of policy management; transports map its category. */
export class PolicyError extends DomainError<PolicyErrorCode> {
  constructor(code: PolicyErrorCode, message: string, details?: ErrorDetail[]) {
    super(code, message, CATEGORY[code], details);
  }
}
