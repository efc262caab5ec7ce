/** Names shared by the maintenance workflow, its schedule and the worker. */
export const BUDGET_TASK_QUEUE = 'budget';
export const BUDGET_MAINTENANCE_WORKFLOW = 'budgetMaintenanceWorkflow';
export const BUDGET_MAINTENANCE_SCHEDULE_ID = 'budget-maintenance';

export interface BudgetMaintenanceResult {
  expired: number;
  published: number;
  purged: number;
}
