import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock';
import { ErrorsConsumer } from './errors.consumer';
import { ErrorsController } from './errors.controller';
import { ErrorsRepository } from './errors.repository';
import { QueryErrorsUseCase } from './query-errors/query-errors.usecase';
import { RecordErrorUseCase } from './record-error/record-error.usecase';

/** Error tracking: `error.reported` grouped by fingerprint per org, with the latest occurrences. */
@Module({
  controllers: [ErrorsController, ErrorsConsumer],
  providers: [{ provide: Clock, useClass: SystemClock }, ErrorsRepository, RecordErrorUseCase, QueryErrorsUseCase],
})
export class ErrorsModule {}
