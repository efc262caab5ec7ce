import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { isUniqueViolation, type Page } from '../../persistence/page';
import { type Actor, Rbac } from '../actor';
import { atLeast } from '../roles';
import { TenancyError, TenancyErrorCode } from '../tenancy.exception';
import { TenancyRepository } from '../tenancy.repository';
import { nameSchema, pageQuerySchema, validate } from '../tenancy.schemas';
import { type UserView, userView } from '../tenancy.views';

const emailSchema = z
  .email()
  .max(320)
  .transform((e) => e.toLowerCase());
export const createUserSchema = z.object({ email: emailSchema.describe('Unique within the organisation (compared lower-cased)'), name: nameSchema });
export const updateUserSchema = z.object({ email: emailSchema.optional(), name: nameSchema.optional() });
export type CreateUserCommand = z.input<typeof createUserSchema>;
export type UpdateUserCommand = z.input<typeof updateUserSchema>;

/**
 * The organisation's people. Org-wide admins manage them; a team admin may add people (to then
 * make them members). Org-wide viewers see everyone; others see the people of the teams they
 * have a role in, and themselves.
 */
@Injectable()
export class ManageUsersUseCase {
  constructor(
    private readonly tenancy: TenancyRepository,
    private readonly changes: AdminChangesPublisher,
  ) {}

  async create(actor: Actor, orgId: string, command: CreateUserCommand): Promise<UserView> {
    Rbac.requireOrg(actor, orgId);
    if (!Rbac.administersAnyTeam(actor, orgId)) throw TenancyError.insufficientRole('admin (of the org or of a team)');
    const c = validate(createUserSchema, command, 'body');
    if (!(await this.tenancy.findOrg(orgId))) throw TenancyError.orgNotFound(orgId);
    let user;
    try {
      user = await this.tenancy.insertUser({ orgId, email: c.email, name: c.name });
    } catch (e) {
      if (isUniqueViolation(e)) throw new TenancyError(TenancyErrorCode.UserExists, 'A user with this email exists in the organisation');
      throw e;
    }
    await this.changes.record(actor, orgId, { action: 'user.created', resourceType: 'user', resourceId: user.id });
    return userView(user, []);
  }

  async list(actor: Actor, orgId: string, query: z.input<typeof pageQuerySchema>): Promise<Page<UserView>> {
    Rbac.requireOrg(actor, orgId);
    const q = validate(pageQuerySchema, query, 'query');
    const readable = Rbac.readableTeams(actor, orgId);
    const page = await this.tenancy.listUsers({ orgId, ...q, ...(readable === 'all' ? {} : { inTeams: readable }) });
    const memberships = await this.tenancy.membershipsOfUsers(
      orgId,
      page.items.map((u) => u.id),
    );
    return { items: page.items.map((u) => userView(u, memberships.filter((m) => m.userId === u.id))), nextCursor: page.nextCursor };
  }

  /** A user the actor may see (else 404, as if absent). */
  private async visible(actor: Actor, orgId: string, userId: string) {
    Rbac.requireOrg(actor, orgId);
    const user = await this.tenancy.findUser(orgId, userId);
    if (!user) throw TenancyError.userNotFound(userId);
    const memberships = await this.tenancy.membershipsOfUser(orgId, userId);
    const readable = Rbac.readableTeams(actor, orgId);
    const sees = readable === 'all' || Rbac.isUser(actor, userId) || memberships.some((m) => m.teamId !== null && readable.includes(m.teamId));
    if (!sees) throw TenancyError.userNotFound(userId);
    return { user, memberships };
  }

  async get(actor: Actor, orgId: string, userId: string): Promise<UserView> {
    const { user, memberships } = await this.visible(actor, orgId, userId);
    return userView(user, memberships);
  }

  async update(actor: Actor, orgId: string, userId: string, command: UpdateUserCommand): Promise<UserView> {
    await this.visible(actor, orgId, userId);
    Rbac.requireOrgRole(actor, orgId, 'admin');
    const c = validate(updateUserSchema, command, 'body');
    let user;
    try {
      user = (await this.tenancy.updateUser(orgId, userId, c))!;
    } catch (e) {
      if (isUniqueViolation(e)) throw new TenancyError(TenancyErrorCode.UserExists, 'A user with this email exists in the organisation');
      throw e;
    }
    await this.changes.record(actor, orgId, { action: 'user.updated', resourceType: 'user', resourceId: userId, changes: { fields: Object.keys(c) } });
    return userView(user, await this.tenancy.membershipsOfUser(orgId, userId));
  }

  /** Deletes the user with their memberships and keys. Nobody deletes someone with a stronger org-wide role. */
  async delete(actor: Actor, orgId: string, userId: string): Promise<void> {
    const { memberships } = await this.visible(actor, orgId, userId);
    Rbac.requireOrgRole(actor, orgId, 'admin');
    const theirOrgRole = memberships.find((m) => m.teamId === null)?.role;
    if (theirOrgRole && !atLeast(Rbac.orgRole(actor, orgId), theirOrgRole)) throw TenancyError.insufficientRole(theirOrgRole);
    await this.tenancy.deleteUser(orgId, userId);
    await this.changes.record(actor, orgId, { action: 'user.deleted', resourceType: 'user', resourceId: userId });
  }
}
