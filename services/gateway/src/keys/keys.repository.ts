import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Page, type PageRequest, toPage } from '../persistence/page';
import type { Role } from '../tenancy/roles';
import type { KeyKind } from './key-format';
import { KeyEntity } from './key.entity';

export type NewKey = Omit<KeyEntity, 'createdAt' | 'updatedAt' | 'revokedAt'>;
export type KeyPatch = Partial<Pick<KeyEntity, 'name' | 'allowedModels' | 'metadata' | 'tags' | 'expiresAt'>>;
export type KeyStatus = 'active' | 'revoked' | 'expired';

export interface KeyFilter extends PageRequest {
  orgId: string;
  kind: KeyKind;
  /** Keys of these teams only (what the caller may read); undefined = all teams. */
  visibleTeams?: string[];
  /** Keys of this user are visible too, whatever `visibleTeams` says (a member sees their own keys). */
  alsoUser?: string;
  teamId?: string;
  projectId?: string;
  userId?: string;
  status?: KeyStatus;
}

/** Everything authentication needs about a key, read in one query by its hash. */
export interface CredentialRow {
  id: string;
  orgId: string;
  kind: KeyKind;
  teamId: string | null;
  projectId: string | null;
  userId: string | null;
  allowedModels: string[];
  metadata: Record<string, string>;
  tags: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  orgModels: string[];
  teamModels: string[] | null;
  projectModels: string[] | null;
  /** The key's user's memberships (teamId null = org-wide). */
  memberships: { teamId: string | null; role: Role }[];
}

const CREDENTIAL_SELECT = `
  SELECT k.id, k.org_id AS "orgId", k.kind, k.team_id AS "teamId", k.project_id AS "projectId", k.user_id AS "userId",
         k.allowed_models AS "allowedModels", k.metadata, k.tags, k.expires_at AS "expiresAt", k.revoked_at AS "revokedAt",
         o.allowed_models AS "orgModels", t.allowed_models AS "teamModels", p.allowed_models AS "projectModels",
         COALESCE((SELECT json_agg(json_build_object('teamId', m.team_id, 'role', m.role))
                     FROM memberships m WHERE m.org_id = k.org_id AND m.user_id = k.user_id), '[]'::json) AS memberships
    FROM keys k
    JOIN organisations o ON o.id = k.org_id
    LEFT JOIN teams t ON t.org_id = k.org_id AND t.id = k.team_id
    LEFT JOIN projects p ON p.org_id = k.org_id AND p.id = k.project_id`;

/** The only code that touches the keys table. Every query but the authentication lookup is scoped by org_id. */
@Injectable()
export class KeysRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.db.manager).getRepository(KeyEntity);
  }

  async insert(key: NewKey, em?: EntityManager): Promise<KeyEntity> {
    await this.repo(em).insert(key);
    return this.repo(em).findOneByOrFail({ orgId: key.orgId, id: key.id });
  }

  find(orgId: string, keyId: string, kind?: KeyKind): Promise<KeyEntity | null> {
    return this.repo().findOneBy({ orgId, id: keyId, ...(kind ? { kind } : {}) });
  }

  async list(filter: KeyFilter): Promise<Page<KeyEntity>> {
    const qb = this.repo()
      .createQueryBuilder('k')
      .where('k.org_id = :orgId AND k.kind = :kind', { orgId: filter.orgId, kind: filter.kind })
      .orderBy('k.id', 'ASC')
      .take(filter.limit + 1);
    if (filter.visibleTeams) {
      const teams = filter.visibleTeams.length ? filter.visibleTeams : ['00000000-0000-0000-0000-000000000000'];
      if (filter.alsoUser) qb.andWhere('(k.team_id IN (:...teams) OR k.user_id = :alsoUser)', { teams, alsoUser: filter.alsoUser });
      else qb.andWhere('k.team_id IN (:...teams)', { teams });
    }
    if (filter.teamId) qb.andWhere('k.team_id = :teamId', { teamId: filter.teamId });
    if (filter.projectId) qb.andWhere('k.project_id = :projectId', { projectId: filter.projectId });
    if (filter.userId) qb.andWhere('k.user_id = :userId', { userId: filter.userId });
    if (filter.status === 'revoked') qb.andWhere('k.revoked_at IS NOT NULL');
    if (filter.status === 'expired') qb.andWhere('k.revoked_at IS NULL AND k.expires_at <= now()');
    if (filter.status === 'active') qb.andWhere('k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())');
    if (filter.cursor) qb.andWhere('k.id > :cursor', { cursor: filter.cursor });
    return toPage(await qb.getMany(), filter.limit);
  }

  async update(orgId: string, keyId: string, patch: KeyPatch, em?: EntityManager): Promise<KeyEntity | null> {
    if (Object.keys(patch).length) await this.repo(em).update({ orgId, id: keyId }, patch);
    return this.repo(em).findOneBy({ orgId, id: keyId });
  }

  /** Revokes once: a second call keeps the first revocation time. Null when there is no such key. */
  async revoke(orgId: string, keyId: string, em?: EntityManager): Promise<KeyEntity | null> {
    await this.repo(em)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('org_id = :orgId AND id = :keyId AND revoked_at IS NULL', { orgId, keyId })
      .execute();
    return this.repo(em).findOneBy({ orgId, id: keyId });
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Authentication: the one lookup not scoped by org, because the key is what tells us the org. */
  async findCredentialByHash(hash: Buffer): Promise<CredentialRow | null> {
    const rows = (await this.db.query(`${CREDENTIAL_SELECT} WHERE k.hash = $1`, [hash])) as CredentialRow[];
    return rows[0] ?? null;
  }

  async findCredentialById(orgId: string, keyId: string): Promise<CredentialRow | null> {
    const rows = (await this.db.query(`${CREDENTIAL_SELECT} WHERE k.org_id = $1 AND k.id = $2`, [orgId, keyId])) as CredentialRow[];
    return rows[0] ?? null;
  }
}
