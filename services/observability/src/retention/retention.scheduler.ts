import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CONFIG, TemporalClient } from '@ironcage/kit';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { ObservabilityConfig } from '../config';
import { AUDIT_RETENTION_SCHEDULE_ID, AUDIT_RETENTION_WORKFLOW, type AuditRetentionInput } from '../workflows/retention.contract';

/** Keeps one Temporal schedule that runs the retention workflow on AUDIT_RETENTION_CRON. */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(RetentionScheduler.name);

  constructor(
    private readonly temporal: TemporalClient,
    @Inject(CONFIG) private readonly config: ObservabilityConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const args: [AuditRetentionInput] = [{ retentionDays: this.config.AUDIT_RETENTION_DAYS }];
    const spec = { cronExpressions: [this.config.AUDIT_RETENTION_CRON] };
    const action = { type: 'startWorkflow' as const, workflowType: AUDIT_RETENTION_WORKFLOW, taskQueue: this.temporal.taskQueue, args };
    const scheduleId = this.temporal.scopedId(AUDIT_RETENTION_SCHEDULE_ID);
    try {
      await this.temporal.raw.schedule.create({
        scheduleId,
        spec,
        action,
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      });
      this.logger.log(`created schedule ${scheduleId} (${this.config.AUDIT_RETENTION_CRON})`);
    } catch (e) {
      if (!(e instanceof ScheduleAlreadyRunning)) throw e;
      // Another replica (or an earlier run) created it: converge it on this config.
      await this.temporal.raw.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
    }
  }
}
