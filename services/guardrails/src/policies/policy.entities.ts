import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One uploaded version of a policy document for an org scope (`org`, `team:<id>`, `agent:<id>`); immutable. */
@Entity({ name: 'policy_versions' })
export class PolicyVersionEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ type: 'text' })
  scope!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  /** The YAML as uploaded. */
  @Column({ type: 'text' })
  source!: string;

  /** The validated document with defaults applied. */
  @Column({ type: 'jsonb' })
  document!: Record<string, unknown>;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Which version is in force for each scope of an org. */
@Entity({ name: 'active_policies' })
export class ActivePolicyEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId!: string;

  @PrimaryColumn({ type: 'text' })
  scope!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'activated_by', type: 'text', nullable: true })
  activatedBy!: string | null;

  @Column({ name: 'activated_at', type: 'timestamptz' })
  activatedAt!: Date;
}
