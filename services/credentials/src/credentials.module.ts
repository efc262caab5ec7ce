import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { CONFIG, PersistenceModule, TemporalModule } from '@ironcage/kit';
import { CredentialAudit } from './audit/credential-audit';
import { CatalogueController } from './catalogue/catalogue.controller';
import type { CredentialsConfig } from './config';
import { CredentialRepository } from './credentials/credential.repository';
import { CredentialsController } from './credentials/credentials.controller';
import { ManageCredentialsUseCase } from './credentials/manage-credentials.usecase';
import { KekController } from './kek/kek.controller';
import { LeaseCredentialUseCase } from './lease/lease-credential.usecase';
import { LeaseController } from './lease/lease.controller';
import { credentialsPersistence } from './persistence';
import { createAdapters } from './rotation/adapters';
import { RotationReminderScheduler } from './rotation/rotation-reminder.scheduler';
import { createRotationActivities } from './rotation/rotation.activities';
import { ROTATION_ADAPTERS, type Adapters } from './rotation/rotation.tokens';
import { RotationsController } from './rotation/rotations.controller';
import { StartRotationUseCase } from './rotation/start-rotation.usecase';
import { SECRET_STORE, type SecretStore } from './store/secret-store';
import { SecretStoreModule } from './store/secret-store.module';
import { CREDENTIALS_TASK_QUEUE } from './workflows/rotation.contract';

const adaptersProvider = { provide: ROTATION_ADAPTERS, useFactory: () => createAdapters() };

/** What the rotation activities need, shared with the Temporal module's activity factory. */
@Module({
  imports: [SecretStoreModule],
  providers: [CredentialRepository, CredentialAudit, adaptersProvider],
  exports: [CredentialRepository, CredentialAudit, ROTATION_ADAPTERS, SecretStoreModule],
})
class RotationDepsModule {}

/** Encrypted provider secrets, short leases and rotation. */
@Module({
  imports: [
    PersistenceModule.forService(credentialsPersistence),
    RotationDepsModule,
    TemporalModule.forService(
      {
        taskQueue: CREDENTIALS_TASK_QUEUE,
        workflowsPath: join(__dirname, 'workflows'),
        workflowBundlePath: join(__dirname, 'workflow-bundle.js'),
      },
      {
        imports: [RotationDepsModule],
        inject: [CredentialRepository, SECRET_STORE, CredentialAudit, ROTATION_ADAPTERS, CONFIG],
        useFactory: (credentials: CredentialRepository, store: SecretStore, audit: CredentialAudit, adapters: Adapters, config: CredentialsConfig) => {
          // The scheduler's path into StartRotationUseCase, which itself needs the Temporal client: late-bound.
          const activities = createRotationActivities({
            credentials,
            store,
            audit,
            adapters,
            endpoints: config.CREDENTIALS_PROVIDER_ENDPOINTS,
            reminderRepeatDays: config.CREDENTIALS_REMINDER_REPEAT_DAYS,
            startRotation: (orgId, credentialId) => startRotationRef.current!.start(credentialId, { orgId }, 'rotation-schedule').then((r) => r.rotationId),
          });
          return activities;
        },
      },
    ),
  ],
  controllers: [CatalogueController, CredentialsController, KekController, LeaseController, RotationsController],
  providers: [ManageCredentialsUseCase, LeaseCredentialUseCase, StartRotationUseCase, RotationReminderScheduler],
})
export class CredentialsModule {
  constructor(start: StartRotationUseCase) {
    startRotationRef.current = start;
  }
}

const startRotationRef: { current?: StartRotationUseCase } = {};
