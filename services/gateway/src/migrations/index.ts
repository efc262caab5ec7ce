import { CreateTenancyKeysAccess1765200000000 } from './1765200000000-create-tenancy-keys-access';

/** Every migration of the gateway schema, in order. */
export const gatewayMigrations = [CreateTenancyKeysAccess1765200000000];
