import { Injectable } from '@nestjs/common';
import { ValidationError } from '@ironcage/kit';
import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { Clock } from '../../auth/clock';
import { type Actor, Rbac } from '../../tenancy/actor';
import { validate } from '../../tenancy/tenancy.schemas';
import type { KeyEntity } from '../key.entity';
import { KeyPermissions } from '../key-permissions';
import { KeysError } from '../keys.exception';
import { type KeyPatch, KeysRepository } from '../keys.repository';
import { type UpdateKeyCommand, updateKeySchema } from '../keys.schemas';
import { keyChangeSummary, type KeyView, keyView } from '../keys.views';

/** Changes a virtual key's name, allowed models, metadata, tags or expiry. */
@Injectable()
export class UpdateKeyUseCase {
  constructor(
    private readonly keys: KeysRepository,
    private readonly changes: AdminChangesPublisher,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, orgId: string, keyId: string, command: UpdateKeyCommand): Promise<KeyView> {
    Rbac.requireOrg(actor, orgId);
    const c = validate(updateKeySchema, command, 'body');
    const key = await this.keys.find(orgId, keyId, 'virtual');
    if (!key) throw KeysError.notFound(keyId);
    KeyPermissions.requireManage(actor, key);
    if (key.revokedAt) throw KeysError.alreadyRevoked(keyId);
    const patch: KeyPatch = {};
    if (c.name !== undefined) patch.name = c.name;
    if (c.allowedModels !== undefined) patch.allowedModels = c.allowedModels;
    if (c.metadata !== undefined) patch.metadata = c.metadata;
    if (c.tags !== undefined) patch.tags = c.tags;
    if (c.expiresAt !== undefined) {
      if (c.expiresAt !== null && new Date(c.expiresAt).getTime() <= this.clock.now()) {
        throw new ValidationError('The request is invalid', [{ path: 'body.expiresAt', message: 'must be in the future (revoke the key to stop it now)' }]);
      }
      patch.expiresAt = c.expiresAt === null ? null : new Date(c.expiresAt);
    }
    const updated = (await this.keys.update(orgId, keyId, patch)) as KeyEntity;
    await this.changes.record(actor, orgId, {
      action: 'key.updated',
      resourceType: 'key',
      resourceId: keyId,
      changes: { ...keyChangeSummary(updated), fields: Object.keys(patch) },
    });
    return keyView(updated, this.clock.now());
  }
}
