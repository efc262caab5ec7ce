import type { PersistenceOptions } from '@ironcage/kit';
import { AccessRequestEntity } from '../access/access-request.entity';
import { KeyEntity } from '../keys/key.entity';
import { gatewayMigrations } from '../migrations';
import { MembershipEntity, OrganisationEntity, ProjectEntity, TeamEntity, UserEntity } from '../tenancy/tenancy.entities';

/** The gateway owns the `gateway` schema: tenancy, keys and access requests. */
export const gatewayPersistence: PersistenceOptions = {
  schema: 'gateway',
  entities: [OrganisationEntity, TeamEntity, ProjectEntity, UserEntity, MembershipEntity, KeyEntity, AccessRequestEntity],
  migrations: gatewayMigrations,
};
