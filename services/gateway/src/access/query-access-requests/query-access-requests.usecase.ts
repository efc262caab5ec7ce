import { Injectable } from '@nestjs/common';
import type { Principal } from '../../auth/principal';
import type { Page } from '../../persistence/page';
import { type Actor, Rbac } from '../../tenancy/actor';
import { pageQuerySchema, validate } from '../../tenancy/tenancy.schemas';
import type { z } from 'zod';
import { AccessError } from '../access.exception';
import { AccessRequestsRepository } from '../access-requests.repository';
import { type ListAccessRequestsQuery, listAccessRequestsQuerySchema } from '../access.schemas';
import { type AccessRequestView, accessRequestView } from '../access.views';

/** Access requests: admins see their teams'; a key holder sees what they asked for. */
@Injectable()
export class QueryAccessRequestsUseCase {
  constructor(private readonly requests: AccessRequestsRepository) {}

  async listForAdmin(actor: Actor, orgId: string, query: ListAccessRequestsQuery): Promise<Page<AccessRequestView>> {
    Rbac.requireOrg(actor, orgId);
    const q = validate(listAccessRequestsQuerySchema, query, 'query');
    const readable = Rbac.readableTeams(actor, orgId);
    const page = await this.requests.list({ orgId, ...q, ...(readable === 'all' ? {} : { teamIds: readable }) });
    return { items: page.items.map(accessRequestView), nextCursor: page.nextCursor };
  }

  async getForAdmin(actor: Actor, orgId: string, requestId: string): Promise<AccessRequestView> {
    Rbac.requireOrg(actor, orgId);
    const request = await this.requests.find(orgId, requestId);
    if (!request || !Rbac.canReadTeam(actor, orgId, request.teamId)) throw AccessError.notFound(requestId);
    return accessRequestView(request);
  }

  /** The caller's own requests: made with this key, or by the key's user with any of their keys. */
  async listOwn(principal: Principal, query: z.input<typeof pageQuerySchema>): Promise<Page<AccessRequestView>> {
    const q = validate(pageQuerySchema, query, 'query');
    const page = await this.requests.list({ orgId: principal.orgId, ...q, keyId: principal.keyId, ...(principal.userId ? { userId: principal.userId } : {}) });
    return { items: page.items.map(accessRequestView), nextCursor: page.nextCursor };
  }

  async getOwn(principal: Principal, requestId: string): Promise<AccessRequestView> {
    const request = await this.requests.find(principal.orgId, requestId);
    const mine = request && (request.keyId === principal.keyId || (principal.userId !== undefined && request.userId === principal.userId));
    if (!request || !mine) throw AccessError.notFound(requestId);
    return accessRequestView(request);
  }
}
