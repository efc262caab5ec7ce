import { Injectable } from '@nestjs/common';
import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { Clock } from '../../auth/clock';
import { type Actor, Rbac } from '../../tenancy/actor';
import type { KeyKind } from '../key-format';
import { KeyPermissions } from '../key-permissions';
import { KeysError } from '../keys.exception';
import { KeysRepository } from '../keys.repository';
import { keyChangeSummary, type KeyView, keyView } from '../keys.views';

/**
 * Revokes a key for good. Idempotent: revoking again answers the same key and announces it
 * again (which also re-sends the eviction to every replica). Every gateway replica refuses the
 * key within a second: this one drops it from its cache at once, the others on `admin.changed`.
 */
@Injectable()
export class RevokeKeyUseCase {
  constructor(
    private readonly keys: KeysRepository,
    private readonly changes: AdminChangesPublisher,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, orgId: string, kind: KeyKind, keyId: string): Promise<KeyView> {
    Rbac.requireOrg(actor, orgId);
    const key = await this.keys.find(orgId, keyId, kind);
    if (!key) throw KeysError.notFound(keyId);
    KeyPermissions.requireManage(actor, key);
    const revoked = (await this.keys.revoke(orgId, keyId))!;
    await this.changes.record(actor, orgId, {
      action: kind === 'admin' ? 'admin_key.revoked' : 'key.revoked',
      resourceType: kind === 'admin' ? 'admin_key' : 'key',
      resourceId: keyId,
      changes: keyChangeSummary(revoked),
    });
    return keyView(revoked, this.clock.now());
  }
}
