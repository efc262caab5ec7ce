export { auditRetentionWorkflow } from './audit-retention.workflow';
export { auditVerifyWorkflow } from './audit-verify.workflow';
