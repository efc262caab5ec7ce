import type { PersistenceOptions } from '@ironcage/kit';
import { AuditEntryEntity } from './audit/audit-entry.entity';
import { AuditChainHeadEntity, AuditCheckpointEntity, AuditRetentionSettingEntity } from './audit/chain/chain.entities';
import { observabilityMigrations } from './migrations';

/** Observability owns the `observability` schema. */
export const observabilityPersistence: PersistenceOptions = {
  schema: 'observability',
  entities: [AuditEntryEntity, AuditChainHeadEntity, AuditCheckpointEntity, AuditRetentionSettingEntity],
  migrations: observabilityMigrations,
};
