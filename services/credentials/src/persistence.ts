import type { PersistenceOptions } from '@ironcage/kit';
import { credentialsMigrations } from './migrations';

/** Credentials owns the `credentials` schema. Repositories use SQL; there are no entities. */
export const credentialsPersistence: PersistenceOptions = {
  schema: 'credentials',
  entities: [],
  migrations: credentialsMigrations,
};
