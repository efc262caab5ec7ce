import { Module } from '@nestjs/common';
import { AuditConsumer } from './audit.consumer';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { QueryEntriesUseCase } from './query-entries/query-entries.usecase';
import { RecordEventUseCase } from './record-event/record-event.usecase';

@Module({
  controllers: [AuditController, AuditConsumer],
  providers: [AuditRepository, RecordEventUseCase, QueryEntriesUseCase],
  exports: [AuditRepository],
})
export class AuditModule {}
