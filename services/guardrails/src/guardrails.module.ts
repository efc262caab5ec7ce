import { Module } from '@nestjs/common';

/** Scanners, policies and tool authorisation on every request. */
@Module({})
export class GuardrailsModule {}
