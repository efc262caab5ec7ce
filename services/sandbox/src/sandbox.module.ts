import { Module } from '@nestjs/common';

/** Isolated execution in Docker containers with limits and egress control. */
@Module({})
export class SandboxModule {}
