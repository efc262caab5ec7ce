import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { CreateKeyUseCase } from '../keys/create-key/create-key.usecase';
import { QueryKeysUseCase } from '../keys/query-keys/query-keys.usecase';
import { RevokeKeyUseCase } from '../keys/revoke-key/revoke-key.usecase';
import { RotateKeyUseCase } from '../keys/rotate-key/rotate-key.usecase';
import { UpdateKeyUseCase } from '../keys/update-key/update-key.usecase';
import { ManageMembershipsUseCase } from '../tenancy/manage-memberships/manage-memberships.usecase';
import { ManageOrgsUseCase } from '../tenancy/manage-orgs/manage-orgs.usecase';
import { ManageProjectsUseCase } from '../tenancy/manage-projects/manage-projects.usecase';
import { ManageTeamsUseCase } from '../tenancy/manage-teams/manage-teams.usecase';
import { ManageUsersUseCase } from '../tenancy/manage-users/manage-users.usecase';
import { AccessRequestsAdminController } from './access-requests.controller';
import { AdminKeysController, KeysController } from './keys.controllers';
import { OrgsController, ProjectsController, TeamsController, UsersController } from './tenancy.controllers';

const USE_CASES = [
  ManageOrgsUseCase,
  ManageTeamsUseCase,
  ManageProjectsUseCase,
  ManageUsersUseCase,
  ManageMembershipsUseCase,
  CreateKeyUseCase,
  QueryKeysUseCase,
  UpdateKeyUseCase,
  RevokeKeyUseCase,
  RotateKeyUseCase,
];

/** The admin REST API under /admin/v1. Use cases are exported for other transports (gRPC). */
@Module({
  imports: [AccessModule],
  controllers: [OrgsController, TeamsController, ProjectsController, UsersController, KeysController, AdminKeysController, AccessRequestsAdminController],
  providers: USE_CASES,
  exports: [...USE_CASES, AccessModule],
})
export class AdminModule {}
