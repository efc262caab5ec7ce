import { withFailureMapping } from '@ironcage/kit';
import type { MaintenanceUseCase } from './maintenance.usecase';

export interface MaintenanceDeps {
  maintenance: Pick<MaintenanceUseCase, 'expireReservations' | 'publishPending' | 'purge'>;
}

/** Activities of the maintenance workflow, built from injected dependencies. */
export function createMaintenanceActivities(deps: MaintenanceDeps) {
  return withFailureMapping({
    async expireReservations(): Promise<number> {
      return deps.maintenance.expireReservations();
    },
    async publishPendingEvents(): Promise<number> {
      return deps.maintenance.publishPending();
    },
    async purgeHistory(): Promise<number> {
      return deps.maintenance.purge();
    },
  });
}

export type MaintenanceActivities = ReturnType<typeof createMaintenanceActivities>;
