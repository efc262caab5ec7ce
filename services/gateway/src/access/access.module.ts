import { Module } from '@nestjs/common';
import { AccessRequestsController } from './access.controller';
import { DecideAccessUseCase } from './decide-access/decide-access.usecase';
import { QueryAccessRequestsUseCase } from './query-access-requests/query-access-requests.usecase';
import { RequestAccessUseCase } from './request-access/request-access.usecase';

/** Model access: self-service requests (the ModelAccessPolicy itself is provided by AuthModule). */
@Module({
  controllers: [AccessRequestsController],
  providers: [RequestAccessUseCase, DecideAccessUseCase, QueryAccessRequestsUseCase],
  exports: [RequestAccessUseCase, DecideAccessUseCase, QueryAccessRequestsUseCase],
})
export class AccessModule {}
