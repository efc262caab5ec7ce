import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '../common/clock';
import { TraceForwarder } from './forward/trace-forwarder';
import { IngestTracesUseCase } from './ingest-traces/ingest-traces.usecase';
import { OtlpReceiver } from './otlp-receiver';
import { GetTraceUseCase } from './query-traces/get-trace.usecase';
import { ListTracesUseCase } from './query-traces/list-traces.usecase';
import { TracesRetention } from './traces-retention';
import { TracesController } from './traces.controller';
import { TracesMetrics } from './traces.metrics';
import { TracesRepository } from './traces.repository';

/** OTLP/HTTP trace ingest, storage with retention, the query API and forwarding. */
@Module({
  controllers: [TracesController],
  providers: [
    { provide: Clock, useClass: SystemClock },
    TracesRepository,
    TracesMetrics,
    TraceForwarder,
    IngestTracesUseCase,
    OtlpReceiver,
    GetTraceUseCase,
    ListTracesUseCase,
    TracesRetention,
  ],
  exports: [IngestTracesUseCase, TraceForwarder, TracesRetention],
})
export class TracesModule {}
