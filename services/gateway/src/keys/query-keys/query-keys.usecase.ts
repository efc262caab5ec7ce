import { Injectable } from '@nestjs/common';
import { Clock } from '../../auth/clock';
import type { Page } from '../../persistence/page';
import { type Actor, Rbac } from '../../tenancy/actor';
import { atLeast } from '../../tenancy/roles';
import { validate } from '../../tenancy/tenancy.schemas';
import type { KeyKind } from '../key-format';
import { KeyPermissions } from '../key-permissions';
import { KeysError } from '../keys.exception';
import { KeysRepository } from '../keys.repository';
import { type ListKeysQuery, listKeysQuerySchema } from '../keys.schemas';
import { type KeyView, keyView } from '../keys.views';

/** Lists and reads keys the actor may see (never their secrets: those were shown once). */
@Injectable()
export class QueryKeysUseCase {
  constructor(
    private readonly keys: KeysRepository,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, orgId: string, kind: KeyKind, query: ListKeysQuery): Promise<Page<KeyView>> {
    Rbac.requireOrg(actor, orgId);
    const q = validate(listKeysQuerySchema, query, 'query');
    const self = actor.type === 'user' ? actor.userId : undefined;
    let visibility: { visibleTeams?: string[]; alsoUser?: string; userId?: string } = {};
    if (kind === 'admin') {
      if (!atLeast(Rbac.orgRole(actor, orgId), 'owner')) visibility = { userId: self };
    } else {
      const readable = Rbac.readableTeams(actor, orgId);
      if (readable !== 'all') visibility = { visibleTeams: readable, alsoUser: self };
    }
    // an explicit userId filter narrows what is visible; it never widens it
    if (visibility.userId && q.userId && q.userId !== visibility.userId) return { items: [], nextCursor: null };
    const page = await this.keys.list({ orgId, kind, ...q, ...visibility, ...(q.userId && !visibility.userId ? { userId: q.userId } : {}) });
    const now = this.clock.now();
    return { items: page.items.map((k) => keyView(k, now)), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, orgId: string, kind: KeyKind, keyId: string): Promise<KeyView> {
    Rbac.requireOrg(actor, orgId);
    const key = await this.keys.find(orgId, keyId, kind);
    if (!key || !KeyPermissions.canRead(actor, key)) throw KeysError.notFound(keyId);
    return keyView(key, this.clock.now());
  }
}
