import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '@ironcage/kit';
import { CurrentActor } from '../auth/current-principal.decorator';
import { AdminApiGuard } from '../auth/guards';
import type { Page } from '../persistence/page';
import type { Actor } from '../tenancy/actor';
import { ManageMembershipsUseCase } from '../tenancy/manage-memberships/manage-memberships.usecase';
import { ManageOrgsUseCase } from '../tenancy/manage-orgs/manage-orgs.usecase';
import { ManageProjectsUseCase } from '../tenancy/manage-projects/manage-projects.usecase';
import { ManageTeamsUseCase } from '../tenancy/manage-teams/manage-teams.usecase';
import { ManageUsersUseCase } from '../tenancy/manage-users/manage-users.usecase';
import type { MembershipView, OrgView, ProjectView, TeamView, UserView } from '../tenancy/tenancy.views';
import {
  CreateOrgBody,
  CreateProjectBody,
  CreateTeamBody,
  CreateUserBody,
  MembershipDto,
  MembershipPageDto,
  OrgDto,
  OrgPageDto,
  OrgPageQuery,
  OrgParams,
  PageQuery,
  ProjectDto,
  ProjectPageDto,
  ProjectParams,
  SetRoleBody,
  TeamDto,
  TeamMemberParams,
  TeamPageDto,
  TeamParams,
  UpdateOrgBody,
  UpdateProjectBody,
  UpdateTeamBody,
  UpdateUserBody,
  UserDto,
  UserPageDto,
  UserParams,
} from './admin.dto';

@ApiTags('admin: organisations')
@ApiBearerAuth()
@UseGuards(AdminApiGuard)
@ApiErrorResponses(403, 404, 409)
@Controller('admin/v1/orgs')
export class OrgsController {
  constructor(
    private readonly orgs: ManageOrgsUseCase,
    private readonly memberships: ManageMembershipsUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an organisation (platform admin key only)' })
  @ApiCreatedResponse({ type: OrgDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateOrgBody): Promise<OrgView> {
    return this.orgs.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'Organisations the key may see: all for the platform admin, its own for an org admin key' })
  @ApiOkResponse({ type: OrgPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: OrgPageQuery): Promise<Page<OrgView>> {
    return this.orgs.list(actor, query);
  }

  @Get(':orgId')
  @ApiOperation({ summary: 'An organisation' })
  @ApiOkResponse({ type: OrgDto })
  get(@CurrentActor() actor: Actor, @Param() p: OrgParams): Promise<OrgView> {
    return this.orgs.get(actor, p.orgId);
  }

  @Patch(':orgId')
  @ApiOperation({ summary: "Rename an organisation or change its allowed models (org-wide owner)" })
  @ApiOkResponse({ type: OrgDto })
  update(@CurrentActor() actor: Actor, @Param() p: OrgParams, @Body() body: UpdateOrgBody): Promise<OrgView> {
    return this.orgs.update(actor, p.orgId, body);
  }

  @Delete(':orgId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an organisation and everything it owns (platform admin key only)' })
  @ApiNoContentResponse()
  async delete(@CurrentActor() actor: Actor, @Param() p: OrgParams): Promise<void> {
    await this.orgs.delete(actor, p.orgId);
  }

  @Get(':orgId/members')
  @ApiOperation({ summary: 'Org-wide roles' })
  @ApiOkResponse({ type: MembershipPageDto })
  listMembers(@CurrentActor() actor: Actor, @Param() p: OrgParams, @Query() query: PageQuery): Promise<Page<MembershipView>> {
    return this.memberships.list(actor, p.orgId, null, query);
  }

  @Put(':orgId/members/:userId')
  @ApiOperation({ summary: "Give a user an org-wide role, or change it (org-wide admin; never beyond one's own role)" })
  @ApiOkResponse({ type: MembershipDto })
  setMember(@CurrentActor() actor: Actor, @Param() p: UserParams, @Body() body: SetRoleBody): Promise<MembershipView> {
    return this.memberships.set(actor, p.orgId, null, p.userId, body);
  }

  @Delete(':orgId/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove a user's org-wide role" })
  @ApiNoContentResponse()
  async removeMember(@CurrentActor() actor: Actor, @Param() p: UserParams): Promise<void> {
    await this.memberships.remove(actor, p.orgId, null, p.userId);
  }
}

@ApiTags('admin: teams')
@ApiBearerAuth()
@UseGuards(AdminApiGuard)
@ApiErrorResponses(403, 404, 409)
@Controller('admin/v1/orgs/:orgId/teams')
export class TeamsController {
  constructor(
    private readonly teams: ManageTeamsUseCase,
    private readonly memberships: ManageMembershipsUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a team (org-wide admin)' })
  @ApiCreatedResponse({ type: TeamDto })
  create(@CurrentActor() actor: Actor, @Param() p: OrgParams, @Body() body: CreateTeamBody): Promise<TeamView> {
    return this.teams.create(actor, p.orgId, body);
  }

  @Get()
  @ApiOperation({ summary: 'Teams the key may see (all for org-wide roles, else those it has a role in)' })
  @ApiOkResponse({ type: TeamPageDto })
  list(@CurrentActor() actor: Actor, @Param() p: OrgParams, @Query() query: PageQuery): Promise<Page<TeamView>> {
    return this.teams.list(actor, p.orgId, query);
  }

  @Get(':teamId')
  @ApiOperation({ summary: 'A team' })
  @ApiOkResponse({ type: TeamDto })
  get(@CurrentActor() actor: Actor, @Param() p: TeamParams): Promise<TeamView> {
    return this.teams.get(actor, p.orgId, p.teamId);
  }

  @Patch(':teamId')
  @ApiOperation({ summary: "Change a team's name, allowed models or metadata (team admin)" })
  @ApiOkResponse({ type: TeamDto })
  update(@CurrentActor() actor: Actor, @Param() p: TeamParams, @Body() body: UpdateTeamBody): Promise<TeamView> {
    return this.teams.update(actor, p.orgId, p.teamId, body);
  }

  @Delete(':teamId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a team with its projects, memberships and keys (org-wide admin)' })
  @ApiNoContentResponse()
  async delete(@CurrentActor() actor: Actor, @Param() p: TeamParams): Promise<void> {
    await this.teams.delete(actor, p.orgId, p.teamId);
  }

  @Get(':teamId/members')
  @ApiOperation({ summary: "A team's members and their roles" })
  @ApiOkResponse({ type: MembershipPageDto })
  listMembers(@CurrentActor() actor: Actor, @Param() p: TeamParams, @Query() query: PageQuery): Promise<Page<MembershipView>> {
    return this.memberships.list(actor, p.orgId, p.teamId, query);
  }

  @Put(':teamId/members/:userId')
  @ApiOperation({ summary: "Add a user to a team with a role, or change it (team admin; never beyond one's own role)" })
  @ApiOkResponse({ type: MembershipDto })
  setMember(@CurrentActor() actor: Actor, @Param() p: TeamMemberParams, @Body() body: SetRoleBody): Promise<MembershipView> {
    return this.memberships.set(actor, p.orgId, p.teamId, p.userId, body);
  }

  @Delete(':teamId/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a user from a team (team admin, or the user themselves)' })
  @ApiNoContentResponse()
  async removeMember(@CurrentActor() actor: Actor, @Param() p: TeamMemberParams): Promise<void> {
    await this.memberships.remove(actor, p.orgId, p.teamId, p.userId);
  }
}

@ApiTags('admin: projects')
@ApiBearerAuth()
@UseGuards(AdminApiGuard)
@ApiErrorResponses(403, 404, 409)
@Controller('admin/v1/orgs/:orgId/teams/:teamId/projects')
export class ProjectsController {
  constructor(private readonly projects: ManageProjectsUseCase) {}

  @Post()
  @ApiOperation({ summary: 'Create a project in a team (team admin)' })
  @ApiCreatedResponse({ type: ProjectDto })
  create(@CurrentActor() actor: Actor, @Param() p: TeamParams, @Body() body: CreateProjectBody): Promise<ProjectView> {
    return this.projects.create(actor, p.orgId, p.teamId, body);
  }

  @Get()
  @ApiOperation({ summary: "A team's projects" })
  @ApiOkResponse({ type: ProjectPageDto })
  list(@CurrentActor() actor: Actor, @Param() p: TeamParams, @Query() query: PageQuery): Promise<Page<ProjectView>> {
    return this.projects.list(actor, p.orgId, p.teamId, query);
  }

  @Get(':projectId')
  @ApiOperation({ summary: 'A project' })
  @ApiOkResponse({ type: ProjectDto })
  get(@CurrentActor() actor: Actor, @Param() p: ProjectParams): Promise<ProjectView> {
    return this.projects.get(actor, p.orgId, p.teamId, p.projectId);
  }

  @Patch(':projectId')
  @ApiOperation({ summary: "Change a project's name, allowed models or metadata (team admin)" })
  @ApiOkResponse({ type: ProjectDto })
  update(@CurrentActor() actor: Actor, @Param() p: ProjectParams, @Body() body: UpdateProjectBody): Promise<ProjectView> {
    return this.projects.update(actor, p.orgId, p.teamId, p.projectId, body);
  }

  @Delete(':projectId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a project and its keys (team admin)' })
  @ApiNoContentResponse()
  async delete(@CurrentActor() actor: Actor, @Param() p: ProjectParams): Promise<void> {
    await this.projects.delete(actor, p.orgId, p.teamId, p.projectId);
  }
}

@ApiTags('admin: users')
@ApiBearerAuth()
@UseGuards(AdminApiGuard)
@ApiErrorResponses(403, 404, 409)
@Controller('admin/v1/orgs/:orgId/users')
export class UsersController {
  constructor(private readonly users: ManageUsersUseCase) {}

  @Post()
  @ApiOperation({ summary: 'Add a person to the organisation (org-wide admin, or an admin of any team)' })
  @ApiCreatedResponse({ type: UserDto })
  create(@CurrentActor() actor: Actor, @Param() p: OrgParams, @Body() body: CreateUserBody): Promise<UserView> {
    return this.users.create(actor, p.orgId, body);
  }

  @Get()
  @ApiOperation({ summary: 'People the key may see, with their roles' })
  @ApiOkResponse({ type: UserPageDto })
  list(@CurrentActor() actor: Actor, @Param() p: OrgParams, @Query() query: PageQuery): Promise<Page<UserView>> {
    return this.users.list(actor, p.orgId, query);
  }

  @Get(':userId')
  @ApiOperation({ summary: 'A person and their roles' })
  @ApiOkResponse({ type: UserDto })
  get(@CurrentActor() actor: Actor, @Param() p: UserParams): Promise<UserView> {
    return this.users.get(actor, p.orgId, p.userId);
  }

  @Patch(':userId')
  @ApiOperation({ summary: "Change a person's name or email (org-wide admin)" })
  @ApiOkResponse({ type: UserDto })
  update(@CurrentActor() actor: Actor, @Param() p: UserParams, @Body() body: UpdateUserBody): Promise<UserView> {
    return this.users.update(actor, p.orgId, p.userId, body);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a person with their roles and keys (org-wide admin)' })
  @ApiNoContentResponse()
  async delete(@CurrentActor() actor: Actor, @Param() p: UserParams): Promise<void> {
    await this.users.delete(actor, p.orgId, p.userId);
  }
}
