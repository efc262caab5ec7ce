import { Injectable } from '@nestjs/common';
import { AdminChangesPublisher } from '../../admin/admin-changes.publisher';
import { type Actor, Rbac } from '../../tenancy/actor';
import { validate } from '../../tenancy/tenancy.schemas';
import type { AccessLayer, AccessRequestEntity } from '../access-request.entity';
import { AccessError, AccessErrorCode } from '../access.exception';
import { AccessRequestsRepository } from '../access-requests.repository';
import { type ApproveAccessCommand, approveAccessSchema, type DenyAccessCommand, denyAccessSchema } from '../access.schemas';
import { type AccessRequestView, accessRequestView } from '../access.views';
import { ACCESS_LAYERS } from '../model-access.policy';
import { compileModelPatterns } from '../model-patterns';

/**
 * A team admin approves or denies an access request. Approval adds the pattern (default: the
 * exact model) to every layer that still refuses the model — never to an empty list, which
 * already allows everything and would otherwise become a restriction. The organisation's list
 * needs an org-wide admin. The decision is announced as `admin.changed`
 * (`access_request.approved` / `access_request.denied`), which the audit trail records and which
 * makes every replica re-read the affected keys.
 */
@Injectable()
export class DecideAccessUseCase {
  constructor(
    private readonly requests: AccessRequestsRepository,
    private readonly changes: AdminChangesPublisher,
  ) {}

  private async loadPending(actor: Actor, orgId: string, requestId: string, request: AccessRequestEntity | null): Promise<AccessRequestEntity> {
    if (!request || !Rbac.canReadTeam(actor, orgId, request.teamId)) throw AccessError.notFound(requestId);
    Rbac.requireTeamRole(actor, orgId, request.teamId, 'admin');
    if (request.status !== 'pending') throw new AccessError(AccessErrorCode.AccessRequestDecided, `The request was already ${request.status}`);
    return request;
  }

  async approve(actor: Actor, orgId: string, requestId: string, command: ApproveAccessCommand): Promise<AccessRequestView> {
    Rbac.requireOrg(actor, orgId);
    const c = validate(approveAccessSchema, command, 'body');
    const decided = await this.requests.transaction(async (em) => {
      const request = await this.loadPending(actor, orgId, requestId, await this.requests.lockForDecision(em, orgId, requestId));
      const pattern = c.pattern ?? request.model;
      if (!compileModelPatterns([pattern]).matches(request.model)) {
        throw new AccessError(AccessErrorCode.PatternDoesNotMatch, `The pattern "${pattern}" does not match "${request.model}"`);
      }
      const lists = await this.requests.layerLists(em, orgId, request.keyId);
      const grantAt: AccessLayer[] = lists
        ? ACCESS_LAYERS.filter((layer) => {
            const list = lists[layer];
            return list !== null && !compileModelPatterns(list).matches(request.model);
          })
        : [];
      if (grantAt.includes('org')) Rbac.requireOrgRole(actor, orgId, 'admin');
      const ids: Record<AccessLayer, string | null> = { org: orgId, team: request.teamId, project: request.projectId, key: request.keyId };
      for (const layer of grantAt) await this.requests.appendAllowedModel(em, layer, orgId, ids[layer]!, pattern);
      return this.requests.saveDecision(em, orgId, requestId, {
        status: 'approved',
        grantedAt: grantAt,
        grantedPattern: pattern,
        decidedBy: actor.id,
        decisionNote: c.note ?? null,
      });
    });
    await this.changes.record(actor, orgId, {
      action: 'access_request.approved',
      resourceType: 'access_request',
      resourceId: decided.id,
      changes: this.summary(decided),
    });
    return accessRequestView(decided);
  }

  async deny(actor: Actor, orgId: string, requestId: string, command: DenyAccessCommand): Promise<AccessRequestView> {
    Rbac.requireOrg(actor, orgId);
    const c = validate(denyAccessSchema, command, 'body');
    const decided = await this.requests.transaction(async (em) => {
      await this.loadPending(actor, orgId, requestId, await this.requests.lockForDecision(em, orgId, requestId));
      return this.requests.saveDecision(em, orgId, requestId, { status: 'denied', grantedAt: [], grantedPattern: null, decidedBy: actor.id, decisionNote: c.note ?? null });
    });
    await this.changes.record(actor, orgId, {
      action: 'access_request.denied',
      resourceType: 'access_request',
      resourceId: decided.id,
      changes: { model: decided.model, requestedByKey: decided.keyId, requestedByUser: decided.userId },
    });
    return accessRequestView(decided);
  }

  /** Ids of what the approval changed, so every replica drops the keys concerned. */
  private summary(r: AccessRequestEntity): Record<string, unknown> {
    return {
      model: r.model,
      pattern: r.grantedPattern,
      grantedAt: r.grantedAt,
      keyId: r.keyId,
      teamId: r.teamId,
      ...(r.projectId ? { projectId: r.projectId } : {}),
      ...(r.userId ? { requestedByUser: r.userId } : {}),
      ...(r.grantedAt.includes('org') ? { orgId: r.orgId } : {}),
    };
  }
}
