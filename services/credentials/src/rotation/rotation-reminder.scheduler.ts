import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CONFIG, TemporalClient } from '@ironcage/kit';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { CredentialsConfig } from '../config';
import { ROTATION_REMINDERS_SCHEDULE_ID, ROTATION_REMINDERS_WORKFLOW, type RotationRemindersInput } from '../workflows/rotation.contract';

/** Keeps one Temporal schedule running the reminder workflow on CREDENTIALS_REMINDER_CRON. */
@Injectable()
export class RotationReminderScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(RotationReminderScheduler.name);

  constructor(
    private readonly temporal: TemporalClient,
    @Inject(CONFIG) private readonly config: CredentialsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const args: [RotationRemindersInput] = [{}];
    const spec = { cronExpressions: [this.config.CREDENTIALS_REMINDER_CRON] };
    const action = { type: 'startWorkflow' as const, workflowType: ROTATION_REMINDERS_WORKFLOW, taskQueue: this.temporal.taskQueue, args };
    const scheduleId = this.temporal.scopedId(ROTATION_REMINDERS_SCHEDULE_ID);
    try {
      await this.temporal.raw.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' } });
      this.logger.log(`created schedule ${scheduleId} (${this.config.CREDENTIALS_REMINDER_CRON})`);
    } catch (e) {
      if (!(e instanceof ScheduleAlreadyRunning)) throw e;
      await this.temporal.raw.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
    }
  }
}
