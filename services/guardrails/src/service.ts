import type { ServiceDefinition } from '@ironcage/kit';
import { type GuardrailsConfig, guardrailsConfigSchema } from './config';
import { GuardrailsModule } from './guardrails.module';

export const guardrailsService: ServiceDefinition<GuardrailsConfig> = {
  name: 'guardrails',
  configSchema: guardrailsConfigSchema,
  modules: () => [GuardrailsModule],
};
