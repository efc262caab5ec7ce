import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { uuidv7 } from '@ironcage/bus';
import { DataSource, In, IsNull, MoreThan, type FindOptionsWhere } from 'typeorm';
import { type Page, type PageRequest, toPage } from '../persistence/page';
import type { Role } from './roles';
import { MembershipEntity, OrganisationEntity, ProjectEntity, TeamEntity, UserEntity } from './tenancy.entities';

export interface TeamFilter extends PageRequest {
  orgId: string;
  /** Restrict to these teams (what the caller may read); undefined = all. */
  teamIds?: string[];
}

export interface UserFilter extends PageRequest {
  orgId: string;
  /** Only users with a membership in one of these teams; undefined = all. */
  inTeams?: string[];
}

/** The only code that touches the tenancy tables. Every query is scoped by org_id. */
@Injectable()
export class TenancyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get orgs() {
    return this.db.getRepository(OrganisationEntity);
  }
  private get teams() {
    return this.db.getRepository(TeamEntity);
  }
  private get projects() {
    return this.db.getRepository(ProjectEntity);
  }
  private get users() {
    return this.db.getRepository(UserEntity);
  }
  private get memberships() {
    return this.db.getRepository(MembershipEntity);
  }

  // organisations

  async insertOrg(org: Pick<OrganisationEntity, 'id' | 'name' | 'allowedModels'>): Promise<OrganisationEntity> {
    await this.orgs.insert(org);
    return this.orgs.findOneByOrFail({ id: org.id });
  }

  findOrg(orgId: string): Promise<OrganisationEntity | null> {
    return this.orgs.findOneBy({ id: orgId });
  }

  /** All organisations, or just `only` (what an org-scoped caller may see). */
  async listOrgs(page: PageRequest, only?: string): Promise<Page<OrganisationEntity>> {
    if (only !== undefined && page.cursor) return { items: [], nextCursor: null };
    const where: FindOptionsWhere<OrganisationEntity> = only !== undefined ? { id: only } : page.cursor ? { id: MoreThan(page.cursor) } : {};
    return toPage(await this.orgs.find({ where, order: { id: 'ASC' }, take: page.limit + 1 }), page.limit);
  }

  async updateOrg(orgId: string, patch: Partial<Pick<OrganisationEntity, 'name' | 'allowedModels'>>): Promise<OrganisationEntity | null> {
    if (Object.keys(patch).length) await this.orgs.update({ id: orgId }, patch);
    return this.findOrg(orgId);
  }

  async deleteOrg(orgId: string): Promise<boolean> {
    return ((await this.orgs.delete({ id: orgId })).affected ?? 0) > 0;
  }

  // teams

  async insertTeam(team: Pick<TeamEntity, 'orgId' | 'slug' | 'name' | 'allowedModels' | 'metadata'>): Promise<TeamEntity> {
    const id = uuidv7();
    await this.teams.insert({ ...team, id });
    return this.teams.findOneByOrFail({ orgId: team.orgId, id });
  }

  findTeam(orgId: string, teamId: string): Promise<TeamEntity | null> {
    return this.teams.findOneBy({ orgId, id: teamId });
  }

  findTeamBySlug(orgId: string, slug: string): Promise<TeamEntity | null> {
    return this.teams.findOneBy({ orgId, slug });
  }

  async listTeams(filter: TeamFilter): Promise<Page<TeamEntity>> {
    if (filter.teamIds?.length === 0) return { items: [], nextCursor: null };
    const qb = this.teams.createQueryBuilder('t').where('t.org_id = :orgId', { orgId: filter.orgId }).orderBy('t.id', 'ASC').take(filter.limit + 1);
    if (filter.teamIds) qb.andWhere('t.id IN (:...teamIds)', { teamIds: filter.teamIds });
    if (filter.cursor) qb.andWhere('t.id > :cursor', { cursor: filter.cursor });
    return toPage(await qb.getMany(), filter.limit);
  }

  async updateTeam(orgId: string, teamId: string, patch: Partial<Pick<TeamEntity, 'name' | 'allowedModels' | 'metadata'>>): Promise<TeamEntity | null> {
    if (Object.keys(patch).length) await this.teams.update({ orgId, id: teamId }, patch);
    return this.findTeam(orgId, teamId);
  }

  async deleteTeam(orgId: string, teamId: string): Promise<boolean> {
    return ((await this.teams.delete({ orgId, id: teamId })).affected ?? 0) > 0;
  }

  // projects

  async insertProject(project: Pick<ProjectEntity, 'orgId' | 'teamId' | 'slug' | 'name' | 'allowedModels' | 'metadata'>): Promise<ProjectEntity> {
    const id = uuidv7();
    await this.projects.insert({ ...project, id });
    return this.projects.findOneByOrFail({ orgId: project.orgId, id });
  }

  findProject(orgId: string, projectId: string): Promise<ProjectEntity | null> {
    return this.projects.findOneBy({ orgId, id: projectId });
  }

  findProjectBySlug(orgId: string, teamId: string, slug: string): Promise<ProjectEntity | null> {
    return this.projects.findOneBy({ orgId, teamId, slug });
  }

  async listProjects(orgId: string, teamId: string, page: PageRequest): Promise<Page<ProjectEntity>> {
    const where: FindOptionsWhere<ProjectEntity> = { orgId, teamId, ...(page.cursor ? { id: MoreThan(page.cursor) } : {}) };
    return toPage(await this.projects.find({ where, order: { id: 'ASC' }, take: page.limit + 1 }), page.limit);
  }

  async updateProject(orgId: string, projectId: string, patch: Partial<Pick<ProjectEntity, 'name' | 'allowedModels' | 'metadata'>>): Promise<ProjectEntity | null> {
    if (Object.keys(patch).length) await this.projects.update({ orgId, id: projectId }, patch);
    return this.findProject(orgId, projectId);
  }

  async deleteProject(orgId: string, projectId: string): Promise<boolean> {
    return ((await this.projects.delete({ orgId, id: projectId })).affected ?? 0) > 0;
  }

  // users

  async insertUser(user: Pick<UserEntity, 'orgId' | 'email' | 'name'>): Promise<UserEntity> {
    const id = uuidv7();
    await this.users.insert({ ...user, id });
    return this.users.findOneByOrFail({ orgId: user.orgId, id });
  }

  findUser(orgId: string, userId: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ orgId, id: userId });
  }

  findUserByEmail(orgId: string, email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ orgId, email });
  }

  async listUsers(filter: UserFilter): Promise<Page<UserEntity>> {
    if (filter.inTeams?.length === 0) return { items: [], nextCursor: null };
    const qb = this.users.createQueryBuilder('u').where('u.org_id = :orgId', { orgId: filter.orgId }).orderBy('u.id', 'ASC').take(filter.limit + 1);
    if (filter.inTeams) {
      qb.andWhere('EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = u.org_id AND m.user_id = u.id AND m.team_id IN (:...teams))', { teams: filter.inTeams });
    }
    if (filter.cursor) qb.andWhere('u.id > :cursor', { cursor: filter.cursor });
    return toPage(await qb.getMany(), filter.limit);
  }

  async updateUser(orgId: string, userId: string, patch: Partial<Pick<UserEntity, 'name' | 'email'>>): Promise<UserEntity | null> {
    if (Object.keys(patch).length) await this.users.update({ orgId, id: userId }, patch);
    return this.findUser(orgId, userId);
  }

  async deleteUser(orgId: string, userId: string): Promise<boolean> {
    return ((await this.users.delete({ orgId, id: userId })).affected ?? 0) > 0;
  }

  // memberships (teamId null = org-wide)

  /** Creates or changes the user's role in the team (or org-wide); returns the membership and the role it replaced. */
  async upsertMembership(orgId: string, userId: string, teamId: string | null, role: Role): Promise<{ membership: MembershipEntity; previous?: Role }> {
    return this.db.transaction(async (em) => {
      const repo = em.getRepository(MembershipEntity);
      const existing = await repo.findOne({ where: { orgId, userId, teamId: teamId ?? IsNull() }, lock: { mode: 'pessimistic_write' } });
      if (existing) {
        await repo.update({ orgId, id: existing.id }, { role });
        return { membership: await repo.findOneByOrFail({ orgId, id: existing.id }), previous: existing.role };
      }
      const id = uuidv7();
      await repo.createQueryBuilder().insert().values({ id, orgId, userId, teamId, role }).orIgnore().execute();
      const row = await repo.findOneOrFail({ where: { orgId, userId, teamId: teamId ?? IsNull() } });
      return { membership: row };
    });
  }

  findMembership(orgId: string, userId: string, teamId: string | null): Promise<MembershipEntity | null> {
    return this.memberships.findOneBy({ orgId, userId, teamId: teamId ?? IsNull() });
  }

  async deleteMembership(orgId: string, userId: string, teamId: string | null): Promise<boolean> {
    return ((await this.memberships.delete({ orgId, userId, teamId: teamId ?? IsNull() })).affected ?? 0) > 0;
  }

  /** Memberships of a team (or the org-wide ones when teamId is null). */
  async listMembers(orgId: string, teamId: string | null, page: PageRequest): Promise<Page<MembershipEntity>> {
    const where: FindOptionsWhere<MembershipEntity> = { orgId, teamId: teamId ?? IsNull(), ...(page.cursor ? { id: MoreThan(page.cursor) } : {}) };
    return toPage(await this.memberships.find({ where, order: { id: 'ASC' }, take: page.limit + 1 }), page.limit);
  }

  membershipsOfUser(orgId: string, userId: string): Promise<MembershipEntity[]> {
    return this.memberships.find({ where: { orgId, userId }, order: { id: 'ASC' } });
  }

  membershipsOfUsers(orgId: string, userIds: string[]): Promise<MembershipEntity[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.memberships.find({ where: { orgId, userId: In(userIds) }, order: { id: 'ASC' } });
  }
}
