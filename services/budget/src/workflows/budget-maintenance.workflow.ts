import { proxyActivities } from '@temporalio/workflow';
import type { MaintenanceActivities } from '../maintenance/maintenance.activities';
import type { BudgetMaintenanceResult } from './maintenance.contract';

const { expireReservations, publishPendingEvents, purgeHistory } = proxyActivities<MaintenanceActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/** One round of budget housekeeping: release expired reservations, publish owed events, purge history. */
export async function budgetMaintenanceWorkflow(): Promise<BudgetMaintenanceResult> {
  const expired = await expireReservations();
  const published = await publishPendingEvents();
  const purged = await purgeHistory();
  return { expired, published, purged };
}
