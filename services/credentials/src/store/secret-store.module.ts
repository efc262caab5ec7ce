import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CONFIG, HealthRegistry } from '@ironcage/kit';
import type { DataSource } from 'typeorm';
import type { CredentialsConfig } from '../config';
import { kmsFromConfig } from '../crypto/kms.factory';
import { DATA_KEY_RING, KMS } from '../kek/kek.controller';
import { DataKeyRing } from './postgres/data-key.ring';
import { PostgresSecretStore } from './postgres/postgres-secret.store';
import { SECRET_STORE, type SecretStore } from './secret-store';
import { VaultSecretStore } from './vault/vault-secret.store';

@Injectable()
class SecretStoreHealth implements OnModuleInit {
  constructor(
    @Inject(SECRET_STORE) private readonly store: SecretStore,
    private readonly health: HealthRegistry,
  ) {}
  onModuleInit(): void {
    if (this.store.backend === 'vault') this.health.register('vault', () => this.store.ping());
  }
}

/** The configured secret backend (CREDENTIALS_BACKEND) under SECRET_STORE. */
@Module({
  providers: [
    { provide: KMS, inject: [CONFIG], useFactory: (c: CredentialsConfig) => (c.CREDENTIALS_BACKEND === 'postgres' ? kmsFromConfig(c) : null) },
    {
      provide: DATA_KEY_RING,
      inject: [CONFIG, getDataSourceToken(), KMS],
      useFactory: (c: CredentialsConfig, db: DataSource, kms: ReturnType<typeof kmsFromConfig> | null) =>
        c.CREDENTIALS_BACKEND === 'postgres' && kms ? new DataKeyRing(db, kms) : null,
    },
    {
      provide: SECRET_STORE,
      inject: [CONFIG, getDataSourceToken(), DATA_KEY_RING],
      useFactory: (c: CredentialsConfig, db: DataSource, ring: DataKeyRing | null): SecretStore =>
        c.CREDENTIALS_BACKEND === 'vault'
          ? new VaultSecretStore({
              endpoint: c.VAULT_ADDR!,
              token: c.VAULT_TOKEN,
              appRole: c.VAULT_ROLE_ID && c.VAULT_SECRET_ID ? { roleId: c.VAULT_ROLE_ID, secretId: c.VAULT_SECRET_ID } : undefined,
              namespace: c.VAULT_NAMESPACE,
              mount: c.VAULT_KV_MOUNT,
              prefix: c.VAULT_KV_PREFIX,
            })
          : new PostgresSecretStore(db, ring!),
    },
    SecretStoreHealth,
  ],
  exports: [SECRET_STORE, DATA_KEY_RING, KMS],
})
export class SecretStoreModule {}
