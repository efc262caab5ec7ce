import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import type { Page } from '../../persistence/page';
import { type Actor, Rbac } from '../actor';
import { TenancyError, TenancyErrorCode } from '../tenancy.exception';
import { TenancyRepository } from '../tenancy.repository';
import { pageQuerySchema, roleSchema, validate } from '../tenancy.schemas';
import { type MembershipView, membershipView } from '../tenancy.views';

export const setRoleSchema = z.object({ role: roleSchema });
export type SetRoleCommand = z.input<typeof setRoleSchema>;

/**
 * Roles: in a team (`teamId`) or org-wide (`teamId` null). Changing a team's members needs admin
 * in that team; org-wide roles need an org-wide admin. Nobody grants, changes or removes a role
 * stronger than their own.
 */
@Injectable()
export class ManageMembershipsUseCase {
  constructor(
    private readonly tenancy: TenancyRepository,
    private readonly changes: AdminChangesPublisher,
  ) {}

  private requireRead(actor: Actor, orgId: string, teamId: string | null): void {
    if (teamId === null) Rbac.requireOrg(actor, orgId);
    else Rbac.requireTeamRead(actor, orgId, teamId);
  }

  private requireManage(actor: Actor, orgId: string, teamId: string | null): void {
    if (teamId === null) Rbac.requireOrgRole(actor, orgId, 'admin');
    else Rbac.requireTeamRole(actor, orgId, teamId, 'admin');
  }

  private async requireScope(orgId: string, teamId: string | null): Promise<void> {
    if (teamId === null) {
      if (!(await this.tenancy.findOrg(orgId))) throw TenancyError.orgNotFound(orgId);
    } else if (!(await this.tenancy.findTeam(orgId, teamId))) {
      throw TenancyError.teamNotFound(teamId);
    }
  }

  async list(actor: Actor, orgId: string, teamId: string | null, query: z.input<typeof pageQuerySchema>): Promise<Page<MembershipView>> {
    this.requireRead(actor, orgId, teamId);
    const q = validate(pageQuerySchema, query, 'query');
    await this.requireScope(orgId, teamId);
    const page = await this.tenancy.listMembers(orgId, teamId, q);
    return { items: page.items.map(membershipView), nextCursor: page.nextCursor };
  }

  async set(actor: Actor, orgId: string, teamId: string | null, userId: string, command: SetRoleCommand): Promise<MembershipView> {
    this.requireRead(actor, orgId, teamId);
    this.requireManage(actor, orgId, teamId);
    const { role } = validate(setRoleSchema, command, 'body');
    await this.requireScope(orgId, teamId);
    if (!(await this.tenancy.findUser(orgId, userId))) throw TenancyError.userNotFound(userId);
    Rbac.requireCanAssign(actor, orgId, teamId, role);
    const current = await this.tenancy.findMembership(orgId, userId, teamId);
    if (current) Rbac.requireCanAssign(actor, orgId, teamId, current.role);
    const { membership, previous } = await this.tenancy.upsertMembership(orgId, userId, teamId, role);
    await this.changes.record(actor, orgId, {
      action: previous ? 'membership.updated' : 'membership.created',
      resourceType: 'membership',
      resourceId: membership.id,
      changes: { userId, teamId, role, ...(previous ? { previousRole: previous } : {}) },
    });
    return membershipView(membership);
  }

  async remove(actor: Actor, orgId: string, teamId: string | null, userId: string): Promise<void> {
    this.requireRead(actor, orgId, teamId);
    const current = await this.tenancy.findMembership(orgId, userId, teamId);
    if (!current) throw new TenancyError(TenancyErrorCode.MembershipNotFound, 'The user has no role here');
    // anyone may give up their own role; otherwise it takes an admin at least as strong as the role removed
    if (!Rbac.isUser(actor, userId)) {
      this.requireManage(actor, orgId, teamId);
      Rbac.requireCanAssign(actor, orgId, teamId, current.role);
    }
    await this.tenancy.deleteMembership(orgId, userId, teamId);
    await this.changes.record(actor, orgId, {
      action: 'membership.deleted',
      resourceType: 'membership',
      resourceId: current.id,
      changes: { userId, teamId, previousRole: current.role },
    });
  }
}
