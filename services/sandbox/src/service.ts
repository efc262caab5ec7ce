import type { ServiceDefinition } from '@ironcage/kit';
import { type SandboxConfig, sandboxConfigSchema } from './config';
import { SandboxModule } from './sandbox.module';

export const sandboxService: ServiceDefinition<SandboxConfig> = {
  name: 'sandbox',
  configSchema: sandboxConfigSchema,
  modules: () => [SandboxModule],
};
