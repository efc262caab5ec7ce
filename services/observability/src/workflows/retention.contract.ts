/** Names shared by the retention workflow, its starters and its schedule. */
export const OBSERVABILITY_TASK_QUEUE = 'observability';
export const AUDIT_RETENTION_WORKFLOW = 'auditRetentionWorkflow';
export const AUDIT_RETENTION_SCHEDULE_ID = 'observability-audit-retention';

export interface AuditRetentionInput {
  retentionDays: number;
  /** Rows deleted per activity call, so one purge never holds a long transaction. */
  batchSize?: number;
}

export interface AuditRetentionResult {
  cutoff: string;
  purged: number;
  batches: number;
}
