import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CONFIG, TemporalClient } from '@ironcage/kit';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { BudgetConfig } from '../config';
import { BUDGET_MAINTENANCE_SCHEDULE_ID, BUDGET_MAINTENANCE_WORKFLOW } from '../workflows/maintenance.contract';

/** Keeps one Temporal schedule that runs the maintenance workflow every BUDGET_MAINTENANCE_INTERVAL_SECONDS. */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceScheduler.name);

  constructor(
    private readonly temporal: TemporalClient,
    @Inject(CONFIG) private readonly config: BudgetConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const spec = { intervals: [{ every: this.config.BUDGET_MAINTENANCE_INTERVAL_SECONDS * 1000 }] };
    const action = { type: 'startWorkflow' as const, workflowType: BUDGET_MAINTENANCE_WORKFLOW, taskQueue: this.temporal.taskQueue, args: [] };
    const scheduleId = this.temporal.scopedId(BUDGET_MAINTENANCE_SCHEDULE_ID);
    try {
      await this.temporal.raw.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' } });
      this.logger.log(`created schedule ${scheduleId} (every ${this.config.BUDGET_MAINTENANCE_INTERVAL_SECONDS}s)`);
    } catch (e) {
      if (!(e instanceof ScheduleAlreadyRunning)) throw e;
      await this.temporal.raw.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
    }
  }
}
