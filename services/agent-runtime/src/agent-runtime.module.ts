import { Module } from '@nestjs/common';

/** Agent definitions, versions, deployments, rollouts and messaging. */
@Module({})
export class AgentRuntimeModule {}
