import type { ServiceDefinition } from '@ironcage/kit';
import { type CredentialsConfig, credentialsConfigSchema } from './config';
import { CredentialsModule } from './credentials.module';

export const credentialsService: ServiceDefinition<CredentialsConfig> = {
  name: 'credentials',
  configSchema: credentialsConfigSchema,
  modules: () => [CredentialsModule],
};
