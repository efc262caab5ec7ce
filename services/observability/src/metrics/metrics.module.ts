import { Module } from '@nestjs/common';
import { PlatformMetrics } from './platform-metrics';
import { PlatformMetricsConsumer } from './platform-metrics.consumer';

/** The platform's request, token, cost, guardrail and budget metrics (and the GenAI client metrics) on `/metrics`. */
@Module({ controllers: [PlatformMetricsConsumer], providers: [PlatformMetrics] })
export class MetricsModule {}
