import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { PersistenceModule, TemporalModule } from '@ironcage/kit';
import { AlertsModule } from './alerts/alerts.module';
import { AuditMetrics } from './audit/audit.metrics';
import { AuditModule } from './audit/audit.module';
import { AuditRepository } from './audit/audit.repository';
import { AuditSigner } from './audit/chain/audit-signer';
import { ChainRepository } from './audit/chain/chain.repository';
import { createVerifyChainActivities } from './audit/verify-chain/verify-chain.activities';
import { VerifyChainScheduler } from './audit/verify-chain/verify-chain.scheduler';
import { VerifyChainUseCase } from './audit/verify-chain/verify-chain.usecase';
import { Clock } from './common/clock';
import { ErrorsModule } from './errors/errors.module';
import { observabilityPersistence } from './persistence';
import { ManageRetentionUseCase } from './retention/manage-retention.usecase';
import { createRetentionActivities } from './retention/retention.activities';
import { RetentionController } from './retention/retention.controller';
import { RetentionScheduler } from './retention/retention.scheduler';
import { TracesModule } from './traces/traces.module';
import { OBSERVABILITY_TASK_QUEUE } from './workflows/retention.contract';

/** The audit trail, metrics, traces, alerts and compliance reports. */
@Module({
  imports: [
    PersistenceModule.forService(observabilityPersistence),
    AuditModule,
    AlertsModule,
    TracesModule,
    ErrorsModule,
    TemporalModule.forService(
      {
        taskQueue: OBSERVABILITY_TASK_QUEUE,
        workflowsPath: join(__dirname, 'workflows'),
        workflowBundlePath: join(__dirname, 'workflow-bundle.js'),
      },
      {
        imports: [AuditModule],
        inject: [AuditRepository, ChainRepository, AuditSigner, Clock, AuditMetrics, VerifyChainUseCase],
        useFactory: (audit: AuditRepository, chain: ChainRepository, signer: AuditSigner, clock: Clock, metrics: AuditMetrics, verify: VerifyChainUseCase) => ({
          ...createRetentionActivities({ audit, chain, signer, clock, metrics }),
          ...createVerifyChainActivities({ audit, verify }),
        }),
      },
    ),
  ],
  controllers: [RetentionController],
  providers: [RetentionScheduler, VerifyChainScheduler, ManageRetentionUseCase],
})
export class ObservabilityModule {}
