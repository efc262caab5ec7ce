import { DomainError, type ErrorCategory } from '@ironcage/kit';

export enum TenancyErrorCode {
  OrgNotFound = 'org_not_found',
  OrgExists = 'org_exists',
  TeamNotFound = 'team_not_found',
  TeamExists = 'team_exists',
  ProjectNotFound = 'project_not_found',
  ProjectExists = 'project_exists',
  UserNotFound = 'user_not_found',
  UserExists = 'user_exists',
  MembershipNotFound = 'membership_not_found',
  InsufficientRole = 'insufficient_role',
  PlatformAdminOnly = 'platform_admin_only',
}

const CATEGORY: Record<TenancyErrorCode, ErrorCategory> = {
  [TenancyErrorCode.OrgNotFound]: 'not_found',
  [TenancyErrorCode.OrgExists]: 'conflict',
  [TenancyErrorCode.TeamNotFound]: 'not_found',
  [TenancyErrorCode.TeamExists]: 'conflict',
  [TenancyErrorCode.ProjectNotFound]: 'not_found',
  [TenancyErrorCode.ProjectExists]: 'conflict',
  [TenancyErrorCode.UserNotFound]: 'not_found',
  [TenancyErrorCode.UserExists]: 'conflict',
  [TenancyErrorCode.MembershipNotFound]: 'not_found',
  [TenancyErrorCode.InsufficientRole]: 'forbidden',
  [TenancyErrorCode.PlatformAdminOnly]: 'forbidden',
};

/**
 * Tenancy failures. Anything outside the caller's organisation (or a team the caller cannot
 * read) is reported as not found, never as forbidden, so existence does not leak.
 */
export class TenancyError extends DomainError<TenancyErrorCode> {
  constructor(code: TenancyErrorCode, message: string) {
    super(code, message, CATEGORY[code]);
  }

  static orgNotFound(orgId: string): TenancyError {
    return new TenancyError(TenancyErrorCode.OrgNotFound, `No organisation "${orgId}"`);
  }
  static teamNotFound(teamId: string): TenancyError {
    return new TenancyError(TenancyErrorCode.TeamNotFound, `No team ${teamId}`);
  }
  static projectNotFound(projectId: string): TenancyError {
    return new TenancyError(TenancyErrorCode.ProjectNotFound, `No project ${projectId}`);
  }
  static userNotFound(userId: string): TenancyError {
    return new TenancyError(TenancyErrorCode.UserNotFound, `No user ${userId}`);
  }
  static insufficientRole(needed: string): TenancyError {
    return new TenancyError(TenancyErrorCode.InsufficientRole, `This needs the ${needed} role`);
  }
}
