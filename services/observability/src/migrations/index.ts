import { CreateAuditEntries1764100000000 } from './1764100000000-create-audit-entries';

/** Every migration of the observability schema, in order. */
export const observabilityMigrations = [CreateAuditEntries1764100000000];
