import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@ironcage/bus';
import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { AuthError, AuthErrorCode } from '../../auth/auth.exception';
import { KeyAuthenticator } from '../../auth/key-authenticator';
import type { Principal } from '../../auth/principal';
import { validate } from '../../tenancy/tenancy.schemas';
import { AccessError, AccessErrorCode } from '../access.exception';
import { AccessRequestsRepository } from '../access-requests.repository';
import { type RequestAccessCommand, requestAccessSchema } from '../access.schemas';
import { type AccessRequestView, accessRequestView } from '../access.views';
import { denyingLayers } from '../model-access.policy';

/**
 * Self-service: the holder of a virtual key asks for a model the key may not call yet. The
 * request records which layers refuse it; a team admin decides. Asking twice returns the
 * request already pending.
 */
@Injectable()
export class RequestAccessUseCase {
  constructor(
    private readonly requests: AccessRequestsRepository,
    private readonly authenticator: KeyAuthenticator,
    private readonly changes: AdminChangesPublisher,
  ) {}

  async execute(principal: Principal, command: RequestAccessCommand): Promise<{ request: AccessRequestView; created: boolean }> {
    const c = validate(requestAccessSchema, command, 'body');
    const credential = this.authenticator.credentialOf(principal) ?? (await this.authenticator.credentialById(principal.orgId, principal.keyId));
    if (!credential || credential.kind !== 'virtual' || !principal.teamId) throw new AuthError(AuthErrorCode.VirtualKeyRequired);
    const deniedBy = denyingLayers(credential.rules, c.model);
    if (deniedBy.length === 0) throw new AccessError(AccessErrorCode.ModelAlreadyAllowed, `The key may already call "${c.model}"`);
    const { request, created } = await this.requests.insertOrGetPending({
      id: uuidv7(),
      orgId: principal.orgId,
      keyId: principal.keyId,
      teamId: principal.teamId,
      projectId: principal.projectId ?? null,
      userId: principal.userId ?? null,
      model: c.model,
      reason: c.reason ?? null,
      deniedBy,
    });
    if (created) {
      await this.changes.record({ type: 'key', id: principal.keyId, ...(principal.userId ? { userId: principal.userId } : {}) }, principal.orgId, {
        action: 'access_request.created',
        resourceType: 'access_request',
        resourceId: request.id,
        // no key/team ids: this changes nothing cached, so it must not evict anything either
        changes: { model: c.model, deniedBy, requestedByKey: principal.keyId },
      });
    }
    return { request: accessRequestView(request), created };
  }
}
