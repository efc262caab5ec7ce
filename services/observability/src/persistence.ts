import type { PersistenceOptions } from '@ironcage/kit';
import { AuditEntryEntity } from './audit/audit-entry.entity';
import { observabilityMigrations } from './migrations';

/** Observability owns the `observability` schema. */
export const observabilityPersistence: PersistenceOptions = {
  schema: 'observability',
  entities: [AuditEntryEntity],
  migrations: observabilityMigrations,
};
