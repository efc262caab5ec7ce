export { budgetMaintenanceWorkflow } from './budget-maintenance.workflow';
