/** Names shared by the retention workflow, its starters and its schedule. */
export const OBSERVABILITY_TASK_QUEUE = 'observability';
export const AUDIT_RETENTION_WORKFLOW = 'auditRetentionWorkflow';
export const AUDIT_RETENTION_SCHEDULE_ID = 'observability-audit-retention';

export interface AuditRetentionInput {
  /** Retention of orgs without a setting of their own (AUDIT_RETENTION_DAYS). */
  retentionDays: number;
  /** Entries deleted per activity call, so one purge never holds a long transaction. */
  batchSize?: number;
  /** Set when the workflow continues as new: orgs up to this id are done, and what was purged so far. */
  afterOrgId?: string;
  carried?: AuditRetentionResult;
}

export interface AuditRetentionResult {
  purged: number;
  batches: number;
  /** Orgs whose chains were looked at. */
  orgs: number;
}

export interface RetentionTarget {
  orgId: string;
  retentionDays: number;
}
