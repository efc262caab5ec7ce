import { type Actor, Rbac } from '../tenancy/actor';
import { atLeast } from '../tenancy/roles';
import type { KeyEntity } from './key.entity';
import { KeysError } from './keys.exception';
import { TenancyError } from '../tenancy/tenancy.exception';

type KeyScope = Pick<KeyEntity, 'id' | 'orgId' | 'kind' | 'teamId' | 'userId'>;

/**
 * Who may see and manage a key.
 * Virtual keys: readers of the key's team see it; its admins manage it; a user sees and manages
 * their own keys while they are at least a member of the team.
 * Admin keys: org-wide owners see and manage all; a user sees and manages their own.
 */
export const KeyPermissions = {
  canRead(actor: Actor, key: KeyScope): boolean {
    if (actor.type === 'user' && actor.orgId !== key.orgId) return false;
    if (key.userId && Rbac.isUser(actor, key.userId)) return true;
    if (key.kind === 'admin') return atLeast(Rbac.orgRole(actor, key.orgId), 'owner');
    return key.teamId !== null && Rbac.canReadTeam(actor, key.orgId, key.teamId);
  },

  canManage(actor: Actor, key: KeyScope): boolean {
    if (key.kind === 'admin') return atLeast(Rbac.orgRole(actor, key.orgId), 'owner') || (key.userId !== null && Rbac.isUser(actor, key.userId));
    if (key.teamId === null) return false;
    const role = Rbac.teamRole(actor, key.orgId, key.teamId);
    return atLeast(role, 'admin') || (key.userId !== null && Rbac.isUser(actor, key.userId) && atLeast(role, 'member'));
  },

  /** 404 when the actor may not even see the key, 403 when they see but may not manage it. */
  requireManage(actor: Actor, key: KeyScope): void {
    if (!KeyPermissions.canRead(actor, key)) throw KeysError.notFound(key.id);
    if (!KeyPermissions.canManage(actor, key)) throw TenancyError.insufficientRole(key.kind === 'admin' ? 'org-wide owner' : 'admin (in the team)');
  },
};
