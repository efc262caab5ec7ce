import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { isUniqueViolation, type Page } from '../../persistence/page';
import { type Actor, Rbac } from '../actor';
import { TenancyError, TenancyErrorCode } from '../tenancy.exception';
import { TenancyRepository } from '../tenancy.repository';
import { allowedModelsSchema, metadataSchema, nameSchema, pageQuerySchema, slugSchema, validate } from '../tenancy.schemas';
import { type TeamView, teamView } from '../tenancy.views';

export const createTeamSchema = z.object({
  slug: slugSchema.describe('Unique within the organisation'),
  name: nameSchema,
  allowedModels: allowedModelsSchema.default([]),
  metadata: metadataSchema.default({}),
});
export const updateTeamSchema = z.object({ name: nameSchema.optional(), allowedModels: allowedModelsSchema.optional(), metadata: metadataSchema.optional() });
export type CreateTeamCommand = z.input<typeof createTeamSchema>;
export type UpdateTeamCommand = z.input<typeof updateTeamSchema>;

/** Teams: created and deleted by org-wide admins; changed by the team's admins; read by anyone with a role in them. */
@Injectable()
export class ManageTeamsUseCase {
  constructor(
    private readonly tenancy: TenancyRepository,
    private readonly changes: AdminChangesPublisher,
  ) {}

  async create(actor: Actor, orgId: string, command: CreateTeamCommand): Promise<TeamView> {
    Rbac.requireOrgRole(actor, orgId, 'admin');
    const c = validate(createTeamSchema, command, 'body');
    if (!(await this.tenancy.findOrg(orgId))) throw TenancyError.orgNotFound(orgId);
    let team;
    try {
      team = await this.tenancy.insertTeam({ orgId, ...c });
    } catch (e) {
      if (isUniqueViolation(e)) throw new TenancyError(TenancyErrorCode.TeamExists, `A team "${c.slug}" exists`);
      throw e;
    }
    await this.changes.record(actor, orgId, {
      action: 'team.created',
      resourceType: 'team',
      resourceId: team.id,
      changes: { slug: team.slug, name: team.name, allowedModels: team.allowedModels },
    });
    return teamView(team);
  }

  async list(actor: Actor, orgId: string, query: z.input<typeof pageQuerySchema>): Promise<Page<TeamView>> {
    Rbac.requireOrg(actor, orgId);
    const q = validate(pageQuerySchema, query, 'query');
    const readable = Rbac.readableTeams(actor, orgId);
    const page = await this.tenancy.listTeams({ orgId, ...q, ...(readable === 'all' ? {} : { teamIds: readable }) });
    return { items: page.items.map(teamView), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, orgId: string, teamId: string): Promise<TeamView> {
    Rbac.requireTeamRead(actor, orgId, teamId);
    const team = await this.tenancy.findTeam(orgId, teamId);
    if (!team) throw TenancyError.teamNotFound(teamId);
    return teamView(team);
  }

  async update(actor: Actor, orgId: string, teamId: string, command: UpdateTeamCommand): Promise<TeamView> {
    Rbac.requireTeamRole(actor, orgId, teamId, 'admin');
    const c = validate(updateTeamSchema, command, 'body');
    const team = await this.tenancy.updateTeam(orgId, teamId, c);
    if (!team) throw TenancyError.teamNotFound(teamId);
    await this.changes.record(actor, orgId, {
      action: 'team.updated',
      resourceType: 'team',
      resourceId: teamId,
      changes: { ...(c.name ? { name: c.name } : {}), ...(c.allowedModels ? { allowedModels: c.allowedModels } : {}), ...(c.metadata ? { metadataKeys: Object.keys(c.metadata) } : {}) },
    });
    return teamView(team);
  }

  /** Deletes the team with its projects, memberships and keys. */
  async delete(actor: Actor, orgId: string, teamId: string): Promise<void> {
    Rbac.requireTeamRead(actor, orgId, teamId);
    Rbac.requireOrgRole(actor, orgId, 'admin');
    if (!(await this.tenancy.deleteTeam(orgId, teamId))) throw TenancyError.teamNotFound(teamId);
    await this.changes.record(actor, orgId, { action: 'team.deleted', resourceType: 'team', resourceId: teamId });
  }
}
