import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@ironcage/bus';
import { ValidationError } from '@ironcage/kit';
import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { Clock } from '../../auth/clock';
import { type Actor, Rbac } from '../../tenancy/actor';
import { atLeast, strongerRole } from '../../tenancy/roles';
import { TenancyError } from '../../tenancy/tenancy.exception';
import { TenancyRepository } from '../../tenancy/tenancy.repository';
import { validate } from '../../tenancy/tenancy.schemas';
import type { KeyOwnerType } from '../key.entity';
import { KeyMinter } from '../key-minter';
import { KeysError, KeysErrorCode } from '../keys.exception';
import { KeysRepository } from '../keys.repository';
import { type CreateAdminKeyCommand, type CreateVirtualKeyCommand, createAdminKeySchema, createVirtualKeySchema } from '../keys.schemas';
import { type CreatedKey, keyChangeSummary, keyView } from '../keys.views';

/**
 * Issues keys. The secret is returned once and only its HMAC is stored.
 * Virtual keys: a team's admins issue them for the team, its projects and its members; a member
 * may issue keys for themselves. Admin keys: only org-wide owners (or the platform admin).
 */
@Injectable()
export class CreateKeyUseCase {
  constructor(
    private readonly keys: KeysRepository,
    private readonly tenancy: TenancyRepository,
    private readonly minter: KeyMinter,
    private readonly changes: AdminChangesPublisher,
    private readonly clock: Clock,
  ) {}

  private expiry(expiresAt: string | undefined): Date | null {
    if (!expiresAt) return null;
    const at = new Date(expiresAt);
    if (at.getTime() <= this.clock.now()) throw new ValidationError('The request is invalid', [{ path: 'body.expiresAt', message: 'must be in the future' }]);
    return at;
  }

  async createVirtual(actor: Actor, orgId: string, command: CreateVirtualKeyCommand): Promise<CreatedKey> {
    Rbac.requireOrg(actor, orgId);
    const c = validate(createVirtualKeySchema, command, 'body');
    const owner = c.owner;
    let teamId: string;
    let projectId: string | null = null;
    let userId: string | null = null;
    if (owner.type === 'project') {
      const project = await this.tenancy.findProject(orgId, owner.projectId);
      if (!project || !Rbac.canReadTeam(actor, orgId, project.teamId)) throw TenancyError.projectNotFound(owner.projectId);
      teamId = project.teamId;
      projectId = project.id;
    } else {
      teamId = owner.teamId;
      Rbac.requireTeamRead(actor, orgId, teamId);
      if (!(await this.tenancy.findTeam(orgId, teamId))) throw TenancyError.teamNotFound(teamId);
      if (owner.type === 'user') {
        userId = owner.userId;
        if (owner.projectId) {
          const project = await this.tenancy.findProject(orgId, owner.projectId);
          if (!project || project.teamId !== teamId) throw new KeysError(KeysErrorCode.InvalidKeyOwner, 'The project is not one of the team\'s');
          projectId = project.id;
        }
      }
    }
    const own = userId !== null && Rbac.isUser(actor, userId);
    const actorRole = Rbac.teamRole(actor, orgId, teamId);
    if (!atLeast(actorRole, 'admin') && !(own && atLeast(actorRole, 'member'))) throw TenancyError.insufficientRole('admin (in the team)');
    if (userId !== null) {
      const user = await this.tenancy.findUser(orgId, userId);
      if (!user) throw TenancyError.userNotFound(userId);
      const memberships = await this.tenancy.membershipsOfUser(orgId, userId);
      const theirRole = strongerRole(memberships.find((m) => m.teamId === null)?.role, memberships.find((m) => m.teamId === teamId)?.role);
      if (!atLeast(theirRole, 'member')) throw new KeysError(KeysErrorCode.InvalidKeyOwner, 'The user must be at least a member of the team to hold its keys');
    }
    const ownerType: KeyOwnerType = owner.type;
    const minted = this.minter.mint('virtual');
    const key = await this.keys.insert({
      id: uuidv7(),
      orgId,
      kind: 'virtual',
      ownerType,
      name: c.name,
      hash: minted.hash,
      hint: minted.hint,
      teamId,
      projectId,
      userId,
      allowedModels: c.allowedModels,
      metadata: c.metadata,
      tags: c.tags,
      expiresAt: this.expiry(c.expiresAt),
      rotatedFrom: null,
      createdBy: actor.id,
    });
    await this.changes.record(actor, orgId, { action: 'key.created', resourceType: 'key', resourceId: key.id, changes: keyChangeSummary(key) });
    return { key: keyView(key, this.clock.now()), secret: minted.secret };
  }

  async createAdmin(actor: Actor, orgId: string, command: CreateAdminKeyCommand): Promise<CreatedKey> {
    Rbac.requireOrgRole(actor, orgId, 'owner');
    const c = validate(createAdminKeySchema, command, 'body');
    if (!(await this.tenancy.findUser(orgId, c.userId))) throw TenancyError.userNotFound(c.userId);
    const minted = this.minter.mint('admin');
    const key = await this.keys.insert({
      id: uuidv7(),
      orgId,
      kind: 'admin',
      ownerType: 'user',
      name: c.name,
      hash: minted.hash,
      hint: minted.hint,
      teamId: null,
      projectId: null,
      userId: c.userId,
      allowedModels: [],
      metadata: {},
      tags: [],
      expiresAt: this.expiry(c.expiresAt),
      rotatedFrom: null,
      createdBy: actor.id,
    });
    await this.changes.record(actor, orgId, { action: 'admin_key.created', resourceType: 'admin_key', resourceId: key.id, changes: keyChangeSummary(key) });
    return { key: keyView(key, this.clock.now()), secret: minted.secret };
  }
}
