import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { isUniqueViolation, type Page } from '../../persistence/page';
import { type Actor, Rbac } from '../actor';
import { TenancyError, TenancyErrorCode } from '../tenancy.exception';
import { TenancyRepository } from '../tenancy.repository';
import { allowedModelsSchema, metadataSchema, nameSchema, pageQuerySchema, slugSchema, validate } from '../tenancy.schemas';
import { type ProjectView, projectView } from '../tenancy.views';

export const createProjectSchema = z.object({
  slug: slugSchema.describe('Unique within the team'),
  name: nameSchema,
  allowedModels: allowedModelsSchema.default([]),
  metadata: metadataSchema.default({}),
});
export const updateProjectSchema = z.object({ name: nameSchema.optional(), allowedModels: allowedModelsSchema.optional(), metadata: metadataSchema.optional() });
export type CreateProjectCommand = z.input<typeof createProjectSchema>;
export type UpdateProjectCommand = z.input<typeof updateProjectSchema>;

/** Projects belong to a team: managed by the team's admins, read by anyone with a role in the team. */
@Injectable()
export class ManageProjectsUseCase {
  constructor(
    private readonly tenancy: TenancyRepository,
    private readonly changes: AdminChangesPublisher,
  ) {}

  private async requireTeam(orgId: string, teamId: string): Promise<void> {
    if (!(await this.tenancy.findTeam(orgId, teamId))) throw TenancyError.teamNotFound(teamId);
  }

  async create(actor: Actor, orgId: string, teamId: string, command: CreateProjectCommand): Promise<ProjectView> {
    Rbac.requireTeamRole(actor, orgId, teamId, 'admin');
    const c = validate(createProjectSchema, command, 'body');
    await this.requireTeam(orgId, teamId);
    let project;
    try {
      project = await this.tenancy.insertProject({ orgId, teamId, ...c });
    } catch (e) {
      if (isUniqueViolation(e)) throw new TenancyError(TenancyErrorCode.ProjectExists, `The team has a project "${c.slug}"`);
      throw e;
    }
    await this.changes.record(actor, orgId, {
      action: 'project.created',
      resourceType: 'project',
      resourceId: project.id,
      changes: { teamId, slug: project.slug, name: project.name, allowedModels: project.allowedModels },
    });
    return projectView(project);
  }

  async list(actor: Actor, orgId: string, teamId: string, query: z.input<typeof pageQuerySchema>): Promise<Page<ProjectView>> {
    Rbac.requireTeamRead(actor, orgId, teamId);
    const q = validate(pageQuerySchema, query, 'query');
    await this.requireTeam(orgId, teamId);
    const page = await this.tenancy.listProjects(orgId, teamId, q);
    return { items: page.items.map(projectView), nextCursor: page.nextCursor };
  }

  private async find(orgId: string, teamId: string, projectId: string) {
    const project = await this.tenancy.findProject(orgId, projectId);
    if (!project || project.teamId !== teamId) throw TenancyError.projectNotFound(projectId);
    return project;
  }

  async get(actor: Actor, orgId: string, teamId: string, projectId: string): Promise<ProjectView> {
    Rbac.requireTeamRead(actor, orgId, teamId);
    return projectView(await this.find(orgId, teamId, projectId));
  }

  async update(actor: Actor, orgId: string, teamId: string, projectId: string, command: UpdateProjectCommand): Promise<ProjectView> {
    Rbac.requireTeamRole(actor, orgId, teamId, 'admin');
    const c = validate(updateProjectSchema, command, 'body');
    await this.find(orgId, teamId, projectId);
    const project = (await this.tenancy.updateProject(orgId, projectId, c))!;
    await this.changes.record(actor, orgId, {
      action: 'project.updated',
      resourceType: 'project',
      resourceId: projectId,
      changes: { teamId, ...(c.name ? { name: c.name } : {}), ...(c.allowedModels ? { allowedModels: c.allowedModels } : {}), ...(c.metadata ? { metadataKeys: Object.keys(c.metadata) } : {}) },
    });
    return projectView(project);
  }

  async delete(actor: Actor, orgId: string, teamId: string, projectId: string): Promise<void> {
    Rbac.requireTeamRole(actor, orgId, teamId, 'admin');
    await this.find(orgId, teamId, projectId);
    await this.tenancy.deleteProject(orgId, projectId);
    await this.changes.record(actor, orgId, { action: 'project.deleted', resourceType: 'project', resourceId: projectId, changes: { teamId } });
  }
}
