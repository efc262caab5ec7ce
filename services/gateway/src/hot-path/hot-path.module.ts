import { Module } from '@nestjs/common';
import { BusConnection } from '@ironcage/bus';
import { CONFIG, MetricsRegistry } from '@ironcage/kit';
import { RoutingModule } from '../routing/routing.module';
import { JetStreamUsageSink } from '../usage-events/usage-event.sink';
import { Refusals } from '../usage-events/refusals';
import { UsageEvents } from '../usage-events/usage-events';
import { ChatCompletionsUseCase } from './chat-completions.usecase';
import { EmbeddingsUseCase } from './embeddings.usecase';
import { Budget, FailurePolicy, GovernanceMetrics, Guardrails } from './governance';
import { ListModelsUseCase } from './list-models.usecase';
import { ModelGate } from './model-gate';

/** The use cases of the data plane, shared by the REST and gRPC surfaces. */
@Module({
  imports: [RoutingModule],
  providers: [
    {
      provide: UsageEvents,
      inject: [BusConnection, CONFIG, MetricsRegistry],
      useFactory: (bus: BusConnection, config: { NODE_ENV: string }, metrics: MetricsRegistry) => new UsageEvents(new JetStreamUsageSink(bus, config.NODE_ENV !== 'production'), metrics),
    },
    FailurePolicy, GovernanceMetrics, Guardrails, Budget, ModelGate, ChatCompletionsUseCase, EmbeddingsUseCase, ListModelsUseCase, Refusals],
  exports: [ChatCompletionsUseCase, EmbeddingsUseCase, ListModelsUseCase, UsageEvents, Refusals, RoutingModule],
})
export class HotPathModule {}
