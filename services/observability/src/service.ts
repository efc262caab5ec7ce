import type { ServiceDefinition } from '@ironcage/kit';
import { type ObservabilityConfig, observabilityConfigSchema } from './config';
import { ObservabilityModule } from './observability.module';
import { observabilityPersistence } from './persistence';

export const observabilityService: ServiceDefinition<ObservabilityConfig> = {
  name: 'observability',
  configSchema: observabilityConfigSchema,
  modules: () => [ObservabilityModule],
  persistence: observabilityPersistence,
  openapi: {
    title: 'Iron Cage observability',
    description: 'The audit trail of everything that passes through the platform.',
  },
};
