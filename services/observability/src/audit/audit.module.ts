import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { Clock, SystemClock } from '../common/clock';
import { Entropy, SystemEntropy } from '../common/entropy';
import { AuditConsumer } from './audit.consumer';
import { AuditController } from './audit.controller';
import { AuditMetrics } from './audit.metrics';
import { AuditRepository } from './audit.repository';
import { AuditSigner } from './chain/audit-signer';
import { ChainRepository } from './chain/chain.repository';
import { CheckpointSweeper } from './chain/checkpoint-sweeper';
import { ComplianceReportUseCase } from './compliance-report/compliance-report.usecase';
import { EraseSubjectUseCase } from './erase-subject/erase-subject.usecase';
import { ExportEntriesUseCase } from './export-entries/export-entries.usecase';
import { QueryEntriesUseCase } from './query-entries/query-entries.usecase';
import { AuditIngest } from './record-event/audit-ingest';
import { RecordEventUseCase } from './record-event/record-event.usecase';
import { ChainBreakAnnouncer } from './verify-chain/chain-break-announcer';
import { VerifyChainUseCase } from './verify-chain/verify-chain.usecase';

@Module({
  imports: [MetricsModule],
  controllers: [AuditController, AuditConsumer],
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: Entropy, useClass: SystemEntropy },
    AuditRepository,
    ChainRepository,
    AuditSigner,
    AuditMetrics,
    AuditIngest,
    CheckpointSweeper,
    RecordEventUseCase,
    QueryEntriesUseCase,
    ExportEntriesUseCase,
    ChainBreakAnnouncer,
    VerifyChainUseCase,
    EraseSubjectUseCase,
    ComplianceReportUseCase,
  ],
  exports: [AuditRepository, ChainRepository, AuditSigner, AuditMetrics, Clock, VerifyChainUseCase],
})
export class AuditModule {}
