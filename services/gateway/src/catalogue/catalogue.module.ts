import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import type { DataPlaneConfig } from '../inference/data-plane.config';
import { type CredentialSource, ProviderRegistry } from '../providers';
import { CredentialLeasesModule, LeasedCredentialSource, leasesEnabled } from '../credential-leases';
import type { GatewayConfig } from '../config';
import { catalogueCredentialSource, providerKeysFromConfig } from './catalogue-credentials';
import { loadCatalogue } from './load-catalogue';
import { ModelCatalogue } from './model-catalogue';

/** DI token of the CredentialSource the adapters read provider keys from. */
export const CREDENTIAL_SOURCE = Symbol('gateway.credential-source');

/** Closes the providers' connection pools when the application shuts down. */
@Injectable()
export class ProviderRegistryLifecycle implements OnApplicationShutdown {
  constructor(private readonly registry: ProviderRegistry) {}
  async onApplicationShutdown(): Promise<void> {
    await this.registry.close();
  }
}

/**
 * The model catalogue (GATEWAY_MODELS_FILE or the built-in mock models), validated at boot, and
 * the provider registry whose adapters get keys from configuration through a CredentialSource.
 */
@Module({
  imports: [CredentialLeasesModule],
  providers: [
    {
      provide: ModelCatalogue,
      inject: [CONFIG],
      useFactory: (config: DataPlaneConfig) => {
        const probe = new ProviderRegistry({ getKey: async () => '' });
        return loadCatalogue(config.GATEWAY_MODELS_FILE, { supportsEmbeddings: (p) => probe.get(p).capabilities.embeddings });
      },
    },
    {
      provide: CREDENTIAL_SOURCE,
      inject: [CONFIG, ModelCatalogue, LeasedCredentialSource],
      useFactory: (config: DataPlaneConfig & Pick<GatewayConfig, 'GATEWAY_CREDENTIALS'>, catalogue: ModelCatalogue, leased: LeasedCredentialSource): CredentialSource =>
        leasesEnabled(config) ? leased : catalogueCredentialSource(catalogue, providerKeysFromConfig(config)),
    },
    {
      provide: ProviderRegistry,
      inject: [CREDENTIAL_SOURCE],
      useFactory: (credentials: CredentialSource) => new ProviderRegistry(credentials),
    },
    ProviderRegistryLifecycle,
  ],
  exports: [ModelCatalogue, ProviderRegistry, CREDENTIAL_SOURCE],
})
export class CatalogueModule {}
