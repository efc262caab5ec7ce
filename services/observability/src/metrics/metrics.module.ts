import { Module } from '@nestjs/common';
import { PlatformMetrics } from './platform-metrics';

/** The platform's request, token, cost, guardrail and budget metrics (and the GenAI client metrics) on `/metrics`, fed by the audit consumer. */
@Module({ providers: [PlatformMetrics], exports: [PlatformMetrics] })
export class MetricsModule {}
