import type { ServiceDefinition } from '@ironcage/kit';
import { type ObservabilityConfig, observabilityConfigSchema } from './config';
import { ObservabilityModule } from './observability.module';

export const observabilityService: ServiceDefinition<ObservabilityConfig> = {
  name: 'observability',
  configSchema: observabilityConfigSchema,
  modules: () => [ObservabilityModule],
};
