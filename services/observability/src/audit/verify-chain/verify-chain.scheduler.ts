import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CONFIG, TemporalClient } from '@ironcage/kit';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { ObservabilityConfig } from '../../config';
import { AUDIT_VERIFY_SCHEDULE_ID, AUDIT_VERIFY_WORKFLOW, type AuditVerifyInput } from '../../workflows/verify.contract';

/** Keeps one Temporal schedule that runs the chain verification workflow on AUDIT_VERIFY_CRON. */
@Injectable()
export class VerifyChainScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(VerifyChainScheduler.name);

  constructor(
    private readonly temporal: TemporalClient,
    @Inject(CONFIG) private readonly config: ObservabilityConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const args: [AuditVerifyInput] = [{}];
    const spec = { cronExpressions: [this.config.AUDIT_VERIFY_CRON] };
    const action = { type: 'startWorkflow' as const, workflowType: AUDIT_VERIFY_WORKFLOW, taskQueue: this.temporal.taskQueue, args };
    const scheduleId = this.temporal.scopedId(AUDIT_VERIFY_SCHEDULE_ID);
    try {
      await this.temporal.raw.schedule.create({
        scheduleId,
        spec,
        action,
        // a run still going when the next is due is let finish; a missed run is not worth catching up beyond the next one
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
      });
      this.logger.log(`created schedule ${scheduleId} (${this.config.AUDIT_VERIFY_CRON})`);
    } catch (e) {
      if (!(e instanceof ScheduleAlreadyRunning)) throw e;
      // Another replica (or an earlier run) created it: converge it on this config.
      await this.temporal.raw.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
    }
  }
}
