import { Global, Module } from '@nestjs/common';
import { CONFIG } from '@ironcage/kit';
import { AdminChangesPublisher } from '../admin/admin-changes.publisher';
import { AccessRequestsRepository } from '../access/access-requests.repository';
import { GatewayModelAccessPolicy } from '../access/model-access.policy';
import type { GatewayConfig } from '../config';
import { deriveKeyHashSecret, KeyHasher } from '../keys/key-hasher';
import { KeyMinter } from '../keys/key-minter';
import { KeysRepository } from '../keys/keys.repository';
import { TenancyRepository } from '../tenancy/tenancy.repository';
import { Clock } from './clock';
import { CredentialCache } from './credential-cache';
import { CredentialInvalidationListener } from './credential-invalidation';
import { AdminApiGuard, AnyKeyGuard, VirtualKeyGuard } from './guards';
import { BootstrapKey, KeyAuthenticator } from './key-authenticator';
import { ModelAccessPolicy } from './principal';

/**
 * The control plane's core, available to every module of the gateway: repositories of the
 * gateway schema, key authentication with its cache and cross-replica invalidation, the guards
 * and the ModelAccessPolicy. Needs the PersistenceModule (gateway schema) and the bus.
 */
@Global()
@Module({
  providers: [
    Clock,
    TenancyRepository,
    KeysRepository,
    AccessRequestsRepository,
    {
      provide: KeyHasher,
      inject: [CONFIG],
      useFactory: (config: GatewayConfig) => new KeyHasher(config.GATEWAY_KEY_HASH_SECRET ?? deriveKeyHashSecret(config.IRONCAGE_ADMIN_KEY)),
    },
    {
      provide: CredentialCache,
      inject: [CONFIG],
      useFactory: (config: GatewayConfig) =>
        new CredentialCache({ max: config.GATEWAY_KEY_CACHE_MAX, ttlMs: config.GATEWAY_KEY_CACHE_TTL_MS, negativeMax: Math.max(100, Math.floor(config.GATEWAY_KEY_CACHE_MAX / 10)) }),
    },
    {
      provide: BootstrapKey,
      inject: [CONFIG],
      useFactory: (config: GatewayConfig) => new BootstrapKey(config.IRONCAGE_ADMIN_KEY, config.IRONCAGE_DEFAULT_ORG),
    },
    KeyMinter,
    KeyAuthenticator,
    CredentialInvalidationListener,
    AdminChangesPublisher,
    VirtualKeyGuard,
    AdminApiGuard,
    AnyKeyGuard,
    { provide: ModelAccessPolicy, useClass: GatewayModelAccessPolicy },
  ],
  exports: [
    Clock,
    TenancyRepository,
    KeysRepository,
    AccessRequestsRepository,
    KeyHasher,
    KeyMinter,
    CredentialCache,
    BootstrapKey,
    KeyAuthenticator,
    AdminChangesPublisher,
    VirtualKeyGuard,
    AdminApiGuard,
    AnyKeyGuard,
    ModelAccessPolicy,
  ],
})
export class AuthModule {}
