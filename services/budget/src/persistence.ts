import type { PersistenceOptions } from '@ironcage/kit';
import { budgetMigrations } from './migrations';

/**
 * Budget owns the `budget` schema. It has no TypeORM entities: every read and write is SQL in a
 * repository, and the hot path is two Postgres functions (see the first migration).
 */
export const budgetPersistence: PersistenceOptions = {
  schema: 'budget',
  entities: [],
  migrations: budgetMigrations,
};
