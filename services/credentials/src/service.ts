import type { ServiceDefinition } from '@ironcage/kit';
import { type CredentialsConfig, credentialsConfigSchema } from './config';
import { CredentialsModule } from './credentials.module';
import { credentialsPersistence } from './persistence';

export const credentialsService: ServiceDefinition<CredentialsConfig> = {
  name: 'credentials',
  configSchema: credentialsConfigSchema,
  modules: () => [CredentialsModule],
  persistence: credentialsPersistence,
  openapi: {
    title: 'Iron Cage credentials',
    description:
      'Provider keys and cloud credentials: stored encrypted (or in Vault), versioned, leased briefly to the gateway over NATS ' +
      '(`credentials.lease`), rotated without downtime. No response carries a secret value except the audited reveal endpoint.',
  },
};
