import type { ServiceDefinition } from '@ironcage/kit';
import { type AgentRuntimeConfig, agentRuntimeConfigSchema } from './config';
import { AgentRuntimeModule } from './agent-runtime.module';

export const agentRuntimeService: ServiceDefinition<AgentRuntimeConfig> = {
  name: 'agent-runtime',
  configSchema: agentRuntimeConfigSchema,
  modules: () => [AgentRuntimeModule],
};
