import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last entry of one org's chain; locked (`FOR UPDATE`) by every append for that org. */
@Entity({ name: 'audit_chain_heads' })
export class AuditChainHeadEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'text' })
  hash!: string;

  @Column({ name: 'entries_since_checkpoint', type: 'integer' })
  entriesSinceCheckpoint!: number;

  @Column({ name: 'last_checkpoint_at', type: 'timestamptz' })
  lastCheckpointAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A signed statement that an org's chain is intact up to `seq` (periodic), or starts after it (anchor, written at a purge). */
@Entity({ name: 'audit_checkpoints' })
export class AuditCheckpointEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: 'periodic' | 'anchor';

  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'text' })
  hash!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column({ type: 'text' })
  signature!: string;
}

/** How long one org keeps its audit entries; orgs without a row keep AUDIT_RETENTION_DAYS. */
@Entity({ name: 'audit_retention_settings' })
export class AuditRetentionSettingEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @Column({ name: 'retention_days', type: 'integer' })
  retentionDays!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
