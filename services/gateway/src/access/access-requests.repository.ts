import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Page, type PageRequest, toPage } from '../persistence/page';
import { type AccessLayer, AccessRequestEntity, type AccessRequestStatus } from './access-request.entity';

export type NewAccessRequest = Pick<AccessRequestEntity, 'id' | 'orgId' | 'keyId' | 'teamId' | 'projectId' | 'userId' | 'model' | 'reason' | 'deniedBy'>;

export interface AccessRequestFilter extends PageRequest {
  orgId: string;
  /** Requests of these teams only; undefined = all. */
  teamIds?: string[];
  teamId?: string;
  status?: AccessRequestStatus;
  /** Requests made with this key, or by this user. */
  keyId?: string;
  userId?: string;
}

/** The allow-lists a key passes through, read inside the approval's transaction. */
export interface LayerLists {
  org: string[];
  team: string[];
  project: string[] | null;
  key: string[];
}

const LAYER_TABLES: Record<AccessLayer, string> = { org: 'organisations', team: 'teams', project: 'projects', key: 'keys' };

/** access_requests, and the allow-list writes an approval makes (in the same transaction). Scoped by org_id. */
@Injectable()
export class AccessRequestsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.db.manager).getRepository(AccessRequestEntity);
  }

  /** Inserts a pending request, or returns the one already pending for this key and model. */
  async insertOrGetPending(request: NewAccessRequest): Promise<{ request: AccessRequestEntity; created: boolean }> {
    const inserted = await this.repo()
      .createQueryBuilder()
      .insert()
      .values({ ...request, status: 'pending' })
      .orIgnore()
      .returning('id')
      .execute();
    const created = (inserted.raw as unknown[]).length > 0;
    const row = await this.repo().findOneByOrFail(created ? { orgId: request.orgId, id: request.id } : { orgId: request.orgId, keyId: request.keyId, model: request.model, status: 'pending' });
    return { request: row, created };
  }

  find(orgId: string, id: string): Promise<AccessRequestEntity | null> {
    return this.repo().findOneBy({ orgId, id });
  }

  async list(filter: AccessRequestFilter): Promise<Page<AccessRequestEntity>> {
    if (filter.teamIds?.length === 0) return { items: [], nextCursor: null };
    const qb = this.repo().createQueryBuilder('r').where('r.org_id = :orgId', { orgId: filter.orgId }).orderBy('r.id', 'ASC').take(filter.limit + 1);
    if (filter.teamIds) qb.andWhere('r.team_id IN (:...teamIds)', { teamIds: filter.teamIds });
    if (filter.teamId) qb.andWhere('r.team_id = :teamId', { teamId: filter.teamId });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.keyId && filter.userId) qb.andWhere('(r.key_id = :keyId OR r.user_id = :userId)', { keyId: filter.keyId, userId: filter.userId });
    else if (filter.keyId) qb.andWhere('r.key_id = :keyId', { keyId: filter.keyId });
    if (filter.cursor) qb.andWhere('r.id > :cursor', { cursor: filter.cursor });
    return toPage(await qb.getMany(), filter.limit);
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The pending request, locked for the decision; null when absent. */
  lockForDecision(em: EntityManager, orgId: string, id: string): Promise<AccessRequestEntity | null> {
    return this.repo(em).findOne({ where: { orgId, id }, lock: { mode: 'pessimistic_write' } });
  }

  async layerLists(em: EntityManager, orgId: string, keyId: string): Promise<LayerLists | null> {
    const rows = (await em.query(
      `SELECT o.allowed_models AS org, t.allowed_models AS team, p.allowed_models AS project, k.allowed_models AS key
         FROM keys k
         JOIN organisations o ON o.id = k.org_id
         JOIN teams t ON t.org_id = k.org_id AND t.id = k.team_id
         LEFT JOIN projects p ON p.org_id = k.org_id AND p.id = k.project_id
        WHERE k.org_id = $1 AND k.id = $2`,
      [orgId, keyId],
    )) as LayerLists[];
    return rows[0] ?? null;
  }

  /** Adds `pattern` to one layer's allowed models (once). For `org`, `id` is the org id. */
  async appendAllowedModel(em: EntityManager, layer: AccessLayer, orgId: string, id: string, pattern: string): Promise<void> {
    if (layer === 'org') {
      await em.query(`UPDATE organisations SET allowed_models = array_append(allowed_models, $2), updated_at = now() WHERE id = $1 AND NOT ($2 = ANY (allowed_models))`, [orgId, pattern]);
      return;
    }
    await em.query(
      `UPDATE ${LAYER_TABLES[layer]} SET allowed_models = array_append(allowed_models, $3), updated_at = now()
        WHERE org_id = $1 AND id = $2 AND NOT ($3 = ANY (allowed_models))`,
      [orgId, id, pattern],
    );
  }

  async saveDecision(
    em: EntityManager,
    orgId: string,
    id: string,
    decision: Pick<AccessRequestEntity, 'status' | 'grantedAt' | 'grantedPattern' | 'decidedBy' | 'decisionNote'>,
  ): Promise<AccessRequestEntity> {
    await this.repo(em).update({ orgId, id }, { ...decision, decidedAt: () => 'now()' });
    return this.repo(em).findOneByOrFail({ orgId, id });
  }
}
