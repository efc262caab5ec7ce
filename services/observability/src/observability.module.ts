import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PersistenceModule, TemporalModule } from '@ironcage/kit';
import { AuditModule } from './audit/audit.module';
import { AuditRepository } from './audit/audit.repository';
import { observabilityPersistence } from './persistence';
import { createRetentionActivities } from './retention/retention.activities';
import { RetentionScheduler } from './retention/retention.scheduler';
import { OBSERVABILITY_TASK_QUEUE } from './workflows/retention.contract';

/** The audit trail, metrics, traces, alerts and compliance reports. */
@Module({
  imports: [
    PersistenceModule.forService(observabilityPersistence),
    AuditModule,
    TemporalModule.forService(
      {
        taskQueue: OBSERVABILITY_TASK_QUEUE,
        workflowsPath: join(__dirname, 'workflows'),
        workflowBundlePath: join(__dirname, 'workflow-bundle.js'),
      },
      { imports: [AuditModule], inject: [AuditRepository], useFactory: (audit: AuditRepository) => createRetentionActivities({ audit }) },
    ),
  ],
  providers: [RetentionScheduler],
})
export class ObservabilityModule {}
