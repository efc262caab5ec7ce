import { Module } from '@nestjs/common';

/** The audit trail, metrics, traces, alerts and compliance reports. */
@Module({})
export class ObservabilityModule {}
