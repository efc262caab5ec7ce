export { auditRetentionWorkflow } from './audit-retention.workflow';
