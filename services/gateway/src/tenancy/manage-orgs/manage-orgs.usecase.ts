import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import type { Page } from '../../persistence/page';
import { isUniqueViolation } from '../../persistence/page';
import { type Actor, Rbac } from '../actor';
import { TenancyError, TenancyErrorCode } from '../tenancy.exception';
import { TenancyRepository } from '../tenancy.repository';
import { allowedModelsSchema, nameSchema, orgIdSchema, orgPageQuerySchema, validate } from '../tenancy.schemas';
import { type OrgView, orgView } from '../tenancy.views';

export const createOrgSchema = z.object({
  id: orgIdSchema,
  name: nameSchema,
  allowedModels: allowedModelsSchema.default([]),
});
export const updateOrgSchema = z.object({ name: nameSchema.optional(), allowedModels: allowedModelsSchema.optional() });
export type CreateOrgCommand = z.input<typeof createOrgSchema>;
export type UpdateOrgCommand = z.input<typeof updateOrgSchema>;

/** Organisations: created and deleted by the platform admin; read by anyone in them; changed by their owners. */
@Injectable()
export class ManageOrgsUseCase {
  constructor(
    private readonly tenancy: TenancyRepository,
    private readonly changes: AdminChangesPublisher,
  ) {}

  async create(actor: Actor, command: CreateOrgCommand): Promise<OrgView> {
    Rbac.requirePlatform(actor);
    const c = validate(createOrgSchema, command, 'body');
    let org;
    try {
      org = await this.tenancy.insertOrg({ id: c.id, name: c.name, allowedModels: c.allowedModels });
    } catch (e) {
      if (isUniqueViolation(e)) throw new TenancyError(TenancyErrorCode.OrgExists, `Organisation "${c.id}" exists`);
      throw e;
    }
    await this.changes.record(actor, org.id, { action: 'org.created', resourceType: 'org', resourceId: org.id, changes: { name: org.name, allowedModels: org.allowedModels } });
    return orgView(org);
  }

  async list(actor: Actor, query: z.input<typeof orgPageQuerySchema>): Promise<Page<OrgView>> {
    const q = validate(orgPageQuerySchema, query, 'query');
    const page = await this.tenancy.listOrgs(q, actor.type === 'user' ? actor.orgId : undefined);
    return { items: page.items.map(orgView), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, orgId: string): Promise<OrgView> {
    Rbac.requireOrg(actor, orgId);
    const org = await this.tenancy.findOrg(orgId);
    if (!org) throw TenancyError.orgNotFound(orgId);
    return orgView(org);
  }

  async update(actor: Actor, orgId: string, command: UpdateOrgCommand): Promise<OrgView> {
    Rbac.requireOrgRole(actor, orgId, 'owner');
    const c = validate(updateOrgSchema, command, 'body');
    const org = await this.tenancy.updateOrg(orgId, c);
    if (!org) throw TenancyError.orgNotFound(orgId);
    await this.changes.record(actor, orgId, { action: 'org.updated', resourceType: 'org', resourceId: orgId, changes: c });
    return orgView(org);
  }

  /** Deletes the organisation and everything it owns (teams, projects, users, keys). */
  async delete(actor: Actor, orgId: string): Promise<void> {
    Rbac.requireOrg(actor, orgId);
    Rbac.requirePlatform(actor);
    if (!(await this.tenancy.deleteOrg(orgId))) throw TenancyError.orgNotFound(orgId);
    await this.changes.record(actor, orgId, { action: 'org.deleted', resourceType: 'org', resourceId: orgId });
  }
}
