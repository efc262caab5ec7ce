import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@ironcage/bus';
import { ValidationError } from '@ironcage/kit';
import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { Clock } from '../../auth/clock';
import { type Actor, Rbac } from '../../tenancy/actor';
import { validate } from '../../tenancy/tenancy.schemas';
import type { KeyKind } from '../key-format';
import { KeyMinter } from '../key-minter';
import { KeyPermissions } from '../key-permissions';
import { KeysError } from '../keys.exception';
import { KeysRepository } from '../keys.repository';
import { type RotateKeyCommand, rotateKeySchema } from '../keys.schemas';
import { type CreatedKey, keyChangeSummary, keyView } from '../keys.views';

/**
 * Replaces a key with a new secret and the same owner and settings. The old key is revoked at
 * once, or keeps working for a grace period (its expiry is brought forward) so clients can move.
 */
@Injectable()
export class RotateKeyUseCase {
  constructor(
    private readonly keys: KeysRepository,
    private readonly minter: KeyMinter,
    private readonly changes: AdminChangesPublisher,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, orgId: string, kind: KeyKind, keyId: string, command: RotateKeyCommand): Promise<CreatedKey> {
    Rbac.requireOrg(actor, orgId);
    const c = validate(rotateKeySchema, command, 'body');
    const old = await this.keys.find(orgId, keyId, kind);
    if (!old) throw KeysError.notFound(keyId);
    KeyPermissions.requireManage(actor, old);
    if (old.revokedAt) throw KeysError.alreadyRevoked(keyId);
    const now = this.clock.now();
    let expiresAt: Date | null = old.expiresAt && old.expiresAt.getTime() > now ? old.expiresAt : null;
    if (c.expiresAt) {
      expiresAt = new Date(c.expiresAt);
      if (expiresAt.getTime() <= now) throw new ValidationError('The request is invalid', [{ path: 'body.expiresAt', message: 'must be in the future' }]);
    }
    const minted = this.minter.mint(kind);
    const graceEnd = new Date(now + c.gracePeriodSeconds * 1000);
    const { created, retired } = await this.keys.transaction(async (em) => {
      const created = await this.keys.insert(
        {
          id: uuidv7(),
          orgId,
          kind,
          ownerType: old.ownerType,
          name: old.name,
          hash: minted.hash,
          hint: minted.hint,
          teamId: old.teamId,
          projectId: old.projectId,
          userId: old.userId,
          allowedModels: old.allowedModels,
          metadata: old.metadata,
          tags: old.tags,
          expiresAt,
          rotatedFrom: old.id,
          createdBy: actor.id,
        },
        em,
      );
      const retired =
        c.gracePeriodSeconds === 0
          ? await this.keys.revoke(orgId, old.id, em)
          : await this.keys.update(orgId, old.id, { expiresAt: old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd }, em);
      return { created, retired: retired! };
    });
    await this.changes.record(actor, orgId, {
      action: kind === 'admin' ? 'admin_key.rotated' : 'key.rotated',
      resourceType: kind === 'admin' ? 'admin_key' : 'key',
      resourceId: old.id,
      changes: { ...keyChangeSummary(created), keyId: old.id, newKeyId: created.id, oldKeyStatus: retired.revokedAt ? 'revoked' : 'expiring', oldKeyExpiresAt: retired.expiresAt?.toISOString() ?? null },
    });
    return { key: keyView(created, this.clock.now()), secret: minted.secret };
  }
}
