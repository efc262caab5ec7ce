import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { accessRequestParamsSchema, approveAccessSchema, denyAccessSchema, listAccessRequestsQuerySchema, requestAccessSchema } from '../access/access.schemas';
import { accessRequestViewSchema } from '../access/access.views';
import { createAdminKeySchema, createVirtualKeySchema, listKeysQuerySchema, rotateKeySchema, updateKeySchema } from '../keys/keys.schemas';
import { createdKeySchema, keyViewSchema } from '../keys/keys.views';
import { createOrgSchema, updateOrgSchema } from '../tenancy/manage-orgs/manage-orgs.usecase';
import { createProjectSchema, updateProjectSchema } from '../tenancy/manage-projects/manage-projects.usecase';
import { createTeamSchema, updateTeamSchema } from '../tenancy/manage-teams/manage-teams.usecase';
import { createUserSchema, updateUserSchema } from '../tenancy/manage-users/manage-users.usecase';
import { setRoleSchema } from '../tenancy/manage-memberships/manage-memberships.usecase';
import {
  idSchema,
  orgPageQuerySchema,
  orgParamsSchema,
  pageQuerySchema,
  pageSchema,
  projectParamsSchema,
  teamMemberParamsSchema,
  teamParamsSchema,
  userParamsSchema,
} from '../tenancy/tenancy.schemas';
import { membershipViewSchema, orgViewSchema, projectViewSchema, teamViewSchema, userViewSchema } from '../tenancy/tenancy.views';

// path parameters
export class OrgParams extends createZodDto(orgParamsSchema) {}
export class TeamParams extends createZodDto(teamParamsSchema) {}
export class ProjectParams extends createZodDto(projectParamsSchema) {}
export class UserParams extends createZodDto(userParamsSchema) {}
export class TeamMemberParams extends createZodDto(teamMemberParamsSchema) {}
export class KeyParams extends createZodDto(orgParamsSchema.extend({ keyId: idSchema })) {}
export class AccessRequestParams extends createZodDto(orgParamsSchema.extend(accessRequestParamsSchema.shape)) {}
export class OwnAccessRequestParams extends createZodDto(accessRequestParamsSchema) {}

// queries
export class PageQuery extends createZodDto(pageQuerySchema) {}
export class OrgPageQuery extends createZodDto(orgPageQuerySchema) {}
export class ListKeysQueryDto extends createZodDto(listKeysQuerySchema) {}
export class ListAdminKeysQueryDto extends createZodDto(listKeysQuerySchema.pick({ userId: true, status: true, cursor: true, limit: true })) {}
export class ListAccessRequestsQueryDto extends createZodDto(listAccessRequestsQuerySchema) {}

// bodies
export class CreateOrgBody extends createZodDto(createOrgSchema) {}
export class UpdateOrgBody extends createZodDto(updateOrgSchema) {}
export class CreateTeamBody extends createZodDto(createTeamSchema) {}
export class UpdateTeamBody extends createZodDto(updateTeamSchema) {}
export class CreateProjectBody extends createZodDto(createProjectSchema) {}
export class UpdateProjectBody extends createZodDto(updateProjectSchema) {}
export class CreateUserBody extends createZodDto(createUserSchema) {}
export class UpdateUserBody extends createZodDto(updateUserSchema) {}
export class SetRoleBody extends createZodDto(setRoleSchema) {}
export class CreateVirtualKeyBody extends createZodDto(createVirtualKeySchema) {}
export class CreateAdminKeyBody extends createZodDto(createAdminKeySchema) {}
export class UpdateKeyBody extends createZodDto(updateKeySchema) {}
export class RotateKeyBody extends createZodDto(rotateKeySchema) {}
export class RequestAccessBody extends createZodDto(requestAccessSchema) {}
export class ApproveAccessBody extends createZodDto(approveAccessSchema) {}
export class DenyAccessBody extends createZodDto(denyAccessSchema) {}

// responses
export class OrgDto extends createZodDto(orgViewSchema) {}
export class OrgPageDto extends createZodDto(pageSchema(orgViewSchema)) {}
export class TeamDto extends createZodDto(teamViewSchema) {}
export class TeamPageDto extends createZodDto(pageSchema(teamViewSchema)) {}
export class ProjectDto extends createZodDto(projectViewSchema) {}
export class ProjectPageDto extends createZodDto(pageSchema(projectViewSchema)) {}
export class UserDto extends createZodDto(userViewSchema) {}
export class UserPageDto extends createZodDto(pageSchema(userViewSchema)) {}
export class MembershipDto extends createZodDto(membershipViewSchema) {}
export class MembershipPageDto extends createZodDto(pageSchema(membershipViewSchema)) {}
export class KeyDto extends createZodDto(keyViewSchema) {}
export class KeyPageDto extends createZodDto(pageSchema(keyViewSchema)) {}
export class CreatedKeyDto extends createZodDto(createdKeySchema) {}
export class AccessRequestDto extends createZodDto(accessRequestViewSchema) {}
export class AccessRequestPageDto extends createZodDto(pageSchema(accessRequestViewSchema)) {}
export class EmptyDto extends createZodDto(z.object({})) {}
