import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { UsageEvents } from '../usage-events/usage-events';
import { ChatCompletionsUseCase } from './chat-completions.usecase';
import { EmbeddingsUseCase } from './embeddings.usecase';
import { Budget, FailurePolicy, GovernanceMetrics, Guardrails } from './governance';
import { ListModelsUseCase } from './list-models.usecase';
import { ModelGate } from './model-gate';

/** The use cases of the data plane, shared by the REST and gRPC surfaces. */
@Module({
  imports: [RoutingModule],
  providers: [UsageEvents, FailurePolicy, GovernanceMetrics, Guardrails, Budget, ModelGate, ChatCompletionsUseCase, EmbeddingsUseCase, ListModelsUseCase],
  exports: [ChatCompletionsUseCase, EmbeddingsUseCase, ListModelsUseCase, UsageEvents, RoutingModule],
})
export class HotPathModule {}
