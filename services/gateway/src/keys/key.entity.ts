import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { KeyKind } from './key-format';

export type KeyOwnerType = 'user' | 'team' | 'project';

/**
 * A virtual key (calls models) or an admin key (calls the admin API). The key itself is never
 * stored: `hash` is HMAC-SHA256(GATEWAY_KEY_HASH_SECRET, key). Virtual keys always have a team
 * (a project key's team is its project's); admin keys belong to a user and have no team.
 */
@Entity({ name: 'keys' })
export class KeyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ type: 'text' })
  kind!: KeyKind;

  @Column({ name: 'owner_type', type: 'text' })
  ownerType!: KeyOwnerType;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'bytea', select: false })
  hash!: Buffer;

  /** `sk-ic-AbCd…wxyz`: enough to recognise a key, useless to use it. */
  @Column({ type: 'text' })
  hint!: string;

  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId!: string | null;

  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId!: string | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'allowed_models', type: 'text', array: true, default: () => "'{}'" })
  allowedModels!: string[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata!: Record<string, string>;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'rotated_from', type: 'uuid', nullable: true })
  rotatedFrom!: string | null;

  /** Who created it: an admin key id, a virtual key id (self-service) or the platform admin. */
  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
