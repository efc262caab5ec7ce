/** Names shared by the chain verification workflow, its starters and its schedule. */
export const AUDIT_VERIFY_WORKFLOW = 'auditVerifyWorkflow';
export const AUDIT_VERIFY_SCHEDULE_ID = 'observability-audit-verify';

export interface AuditVerifyInput {
  /** Set when the workflow continues as new: orgs up to this id are done, and what was found so far. */
  afterOrgId?: string;
  carried?: AuditVerifyResult;
}

export interface AuditVerifyResult {
  /** Orgs whose chains were verified. */
  orgs: number;
  /** Orgs whose chain was found broken… */
  broken: number;
  /** …and how many of those breaks were announced now (`audit.chain-broken` stored on the bus for the first time). */
  announced: number;
  /** The first broken orgs (at most 100), for whoever looks at the run. */
  brokenOrgs: string[];
}

export interface ChainVerificationOutcome {
  orgId: string;
  ok: boolean;
  /** See ChainBreakAnnouncement; null when the chain is fine. */
  announcement: 'published' | 'duplicate' | 'known' | null;
}
